import type { Core } from '../core.ts';
import { findAlert, type Due } from '../store/alerts.ts';
import { revisit } from './cursor.ts';
import { handleAlerts, UNFINISHED, type HandleOptions } from './handle.ts';
import type { SweepTimers } from './sweep.ts';

export type TimerOptions = HandleOptions & {
  /** Alerts due within this long of now get a timer; later ones are left to a later sweep. */
  aheadMs: number;
};

/** How often a timer that fired before its alert was due (by `core.now`) is armed again before it is left to the sweep. */
const MAX_EARLY_FIRES = 3;

type Armed = { at: number; timer: NodeJS.Timeout; due: Due; early: number };

/**
 * Deadline timers: an alert due before the next sweep is acted on at its due time, by the same
 * claim-and-send path as the sweep (so exactly once across processes still rests on the
 * `sent:` claim). Armed by the sweep for the alerts it reads that fall due within `aheadMs`, and
 * for alerts this process schedules or moves. The sweep stays the safety net: a timer lost with
 * its process, or one that met an alert another process holds, leaves the alert to a sweep
 * (here, or any replica's), which reads the slot again. Timers are unref'd (they never keep the
 * process alive) and cleared by stop().
 */
export class AlertTimers implements SweepTimers {
  private readonly armed = new Map<string, Armed>();
  private readonly running = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly gate: <T>(fn: () => Promise<T>) => Promise<T>;
  private stopped = false;

  constructor(
    private readonly core: Core,
    private readonly opts: TimerOptions,
  ) {
    this.gate = limiter(opts.concurrency ?? 4);
  }

  /** How many timers are armed (metrics, tests). */
  get size(): number {
    return this.armed.size;
  }

  arm(dues: readonly Due[]): void {
    for (const d of dues) this.armOne(d, 0);
  }

  takeOver(alertId: string): boolean {
    if (this.running.has(alertId)) return false;
    const armed = this.armed.get(alertId);
    if (armed) {
      clearTimeout(armed.timer);
      this.armed.delete(alertId);
    }
    return true;
  }

  /** Clears every timer and waits for those acting now. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const a of this.armed.values()) clearTimeout(a.timer);
    this.armed.clear();
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private armOne(due: Due, early: number): void {
    if (this.stopped) return;
    const now = this.core.now().getTime();
    const at = due.alert.dueAt.getTime();
    if (at > now + this.opts.aheadMs) return;
    const id = due.alert._id;
    const prev = this.armed.get(id);
    if (prev && prev.at === at) {
      // Another copy of the same alert (another slot): the re-read looks in both.
      prev.due = { alert: prev.due.alert, slots: [...new Set([...prev.due.slots, ...due.slots])] };
      return;
    }
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(() => this.fire(id), Math.max(0, at - now));
    timer.unref();
    this.armed.set(id, { at, timer, due, early });
  }

  private fire(id: string): void {
    const armed = this.armed.get(id);
    this.armed.delete(id);
    if (!armed || this.stopped || this.running.has(id)) return;
    this.running.add(id);
    const run: Promise<void> = this.gate(() => this.act(armed))
      .catch((err: unknown) => this.core.log.error({ err, alert: id }, 'deadline timer failed; the sweep will finish it'))
      .finally(() => {
        this.running.delete(id);
        this.inFlight.delete(run);
      });
    this.inFlight.add(run);
  }

  private async act(armed: Armed): Promise<void> {
    if (this.stopped) return;
    const { core } = this;
    // Read again by `_id` (indexed everywhere): another process may have sent, moved or deleted it meanwhile.
    const due = await findAlert(core.db, armed.due.alert._id, armed.due.slots);
    if (!due) return;
    if (due.alert.dueAt > core.now()) {
      // Moved to a later time (snoozed), or this clock runs behind the timer's: wait again, a few times at most.
      const early = due.alert.dueAt.getTime() === armed.at ? armed.early + 1 : 0;
      if (early <= MAX_EARLY_FIRES) this.armOne(due, early);
      return;
    }
    const [outcome] = await handleAlerts(core, [due], this.opts);
    if (UNFINISHED.has(outcome!)) revisit(core.db, due.slots);
  }
}

/** Runs at most `max` of the given functions at once, the rest in arrival order. */
function limiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (fn) => {
    // A finishing run hands its place straight to the next waiting one, so `active` never overshoots.
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
