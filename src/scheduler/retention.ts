import { schedule } from 'node-cron';
import type { Core } from '../core.ts';
import { purge } from '../store/retention.ts';

/** Daily, at a quiet minute. Any number of processes may run it: a delete of what is gone deletes nothing. */
export const RETENTION_CRON = '17 3 * * *';

/** Purges the store's bookkeeping that can no longer matter (src/store/retention.ts says what and when). */
export function startRetention(core: Core, expression = RETENTION_CRON): { stop(): Promise<void> } {
  const task = schedule(
    expression,
    () =>
      void purge(core.db)
        .then((r) => core.log.info(r, 'retention: purged claims, drafts and failed outbox entries past their time'))
        .catch((err: unknown) => core.log.warn({ err }, 'retention purge failed; the next run tries again')),
    { name: 'crisis-retention' },
  );
  return {
    stop: async () => {
      await task.stop();
      await task.destroy();
    },
  };
}
