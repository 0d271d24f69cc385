import type { Core } from '../core.ts';
import { purge } from '../store/retention.ts';
import { startJob, type Job } from './job.ts';

/** Daily, at a quiet minute. Any number of processes may run it: a delete of what is gone deletes nothing. */
export const RETENTION_CRON = '17 3 * * *';

/** Purges the store's bookkeeping that can no longer matter (src/store/retention.ts says what and when). */
export function startRetention(core: Core, expression = RETENTION_CRON): Job {
  return startJob(core, {
    name: 'crisis-retention',
    expression,
    atStart: false,
    failed: 'retention purge failed; the next run tries again',
    run: async () => core.log.info(await purge(core.db), 'retention: purged claims, drafts and failed outbox entries past their time'),
  });
}
