import { schedule, validate } from 'node-cron';
import type { Core } from '../core.ts';
import { sweep, type SweepOptions } from './sweep.ts';
import { observe } from '../metrics/observe.ts';

/** Every 15 seconds (node-cron's six-field form, seconds first). */
export const DEFAULT_SWEEP_CRON = '*/15 * * * * *';

export const isValidCron = (expression: string) => validate(expression);

export type Scheduler = { stop(): Promise<void>; sweepNow(): Promise<void> };

/**
 * Runs the deadline sweep on a cron schedule, and once at start so that alerts missed while no
 * process ran go out at once. Any number of processes may run it: the sweep claims each alert.
 */
export function startScheduler(core: Core, expression = DEFAULT_SWEEP_CRON, opts: SweepOptions = {}): Scheduler {
  let running: Promise<void> | undefined;
  // One sweep at a time per process; a tick that finds one still running is skipped.
  const sweepNow = () =>
    (running ??= observe(core).sweep(() => sweep(core, opts))
      .then((r) => {
        if (r.sent || r.failed) core.log.info(r, 'deadline sweep');
      })
      .catch((err: unknown) => core.log.error({ err }, 'deadline sweep failed'))
      .finally(() => (running = undefined)));
  const task = schedule(expression, () => sweepNow(), { name: 'crisis-deadline-sweep' });
  void sweepNow();
  return {
    sweepNow,
    stop: async () => {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
