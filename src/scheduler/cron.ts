import { schedule, validate, type ScheduledTask } from 'node-cron';
import type { Core } from '../core.ts';
import { watchScheduled } from '../store/alerts.ts';
import { sweep, type SweepOptions } from './sweep.ts';
import { AlertTimers } from './timers.ts';
import { observe } from '../metrics/observe.ts';

/** Every 15 seconds (node-cron's six-field form, seconds first). */
export const DEFAULT_SWEEP_CRON = '*/15 * * * * *';

export const isValidCron = (expression: string) => validate(expression);

export type Scheduler = { stop(): Promise<void>; sweepNow(): Promise<void> };

/** Timers are armed at most this far ahead, whatever the cron: a daily sweep must not hold a day of timers. */
export const MAX_AHEAD_MS = 10 * 60_000;

/**
 * How far ahead the sweep arms deadline timers: up to the tick after next — a tick is skipped
 * while a sweep still runs — plus a second for the sweep's own time, within MAX_AHEAD_MS.
 */
function aheadOf(task: ScheduledTask): number {
  const [a, b] = task.getNextRuns(2);
  const gap = a && b ? b.getTime() - a.getTime() : MAX_AHEAD_MS;
  return Math.min(2 * gap + 1_000, MAX_AHEAD_MS);
}

/**
 * Runs the deadline sweep on a cron schedule, and once at start so that alerts missed while no
 * process ran go out at once; alerts due before the next sweep are acted on by timers at their
 * due time (src/scheduler/timers.ts). Any number of processes may run it: each alert is claimed.
 */
export function startScheduler(core: Core, expression = DEFAULT_SWEEP_CRON, opts: SweepOptions = {}): Scheduler {
  let running: Promise<void> | undefined;
  // One sweep at a time per process; a tick that finds one still running is skipped.
  const sweepNow = () =>
    (running ??= observe(core).sweep(() => sweep(core, { ...opts, aheadMs, timers }))
      .then((r) => {
        if (r.sent || r.failed) core.log.info(r, 'deadline sweep');
      })
      .catch((err: unknown) => core.log.error({ err }, 'deadline sweep failed'))
      .finally(() => (running = undefined)));
  const task = schedule(expression, () => sweepNow(), { name: 'crisis-deadline-sweep' });
  const aheadMs = opts.aheadMs ?? aheadOf(task);
  const timers = new AlertTimers(core, { ...opts, aheadMs });
  // Alerts this process schedules (a raise, a reopened step, the next rung) get a timer at once.
  const unwatch = watchScheduled(core.db, (dues) => timers.arm(dues));
  void sweepNow();
  return {
    sweepNow,
    stop: async () => {
      unwatch();
      await task.stop();
      await task.destroy();
      await running;
      await timers.stop();
    },
  };
}
