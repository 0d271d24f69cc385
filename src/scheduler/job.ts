import { schedule } from 'node-cron';
import type { Core } from '../core.ts';

export type Job = { stop(): Promise<void>; tick(): Promise<void> };

/**
 * A background job on a node-cron schedule, as the risk reviews, plan reviews, drill announcements
 * and retention run: one run at a time in a process (a tick while one runs joins it), a failed run
 * logged and left to the next, and optionally one run at start so that what fell due while nothing
 * ran goes out. Across processes each job's work is keyed or idempotent (its module says how).
 */
export function startJob(core: Core, o: { name: string; expression: string; atStart: boolean; run: () => Promise<void>; failed: string }): Job {
  let running: Promise<void> | undefined;
  const tick = () =>
    (running ??= o
      .run()
      .catch((err: unknown) => core.log.warn({ err }, o.failed))
      .finally(() => (running = undefined)));
  const task = schedule(o.expression, () => void tick(), { name: o.name });
  if (o.atStart) void tick();
  return {
    tick,
    stop: async () => {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
