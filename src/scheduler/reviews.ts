import type { Core } from '../core.ts';
import { planReviewTick } from '../plans/evergreen.ts';
import { riskTick } from '../risks/reminders.ts';
import { startJob, type Job } from './job.ts';

/** Hourly, at a quiet minute: reviews are due by the day, and a missed hour is caught up by the next. */
export const REVIEW_CRON = '41 * * * *';

/**
 * Reviews falling due: the risk register's reminders and weekly digest (src/risks/reminders.ts) and
 * the plans' evergreen reminders (src/plans/evergreen.ts), hourly and once at start so that what
 * fell due while nothing ran goes out. Each reminder is an operation of its own, once across processes.
 */
export function startReviewJobs(core: Core, expression = REVIEW_CRON): Job {
  return startJob(core, {
    name: 'crisis-reviews',
    expression,
    atStart: true,
    failed: 'risk and plan review job failed; the next run tries again',
    run: async () => {
      const risks = await riskTick(core);
      if (risks.reminders || risks.digest) core.log.info(risks, 'risk reviews: reminders and digest queued');
      const plans = await planReviewTick(core);
      if (plans) core.log.info({ plans }, 'plan reviews: reminders queued');
    },
  });
}
