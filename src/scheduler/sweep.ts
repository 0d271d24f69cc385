import type { Core } from '../core.ts';
import { migrateOldAlerts } from '../store/alert-migration.ts';
import { slotFor } from '../store/alert-slots.ts';
import { deleteAlerts, readSlot, type Due } from '../store/alerts.ts';
import { migrationDue, slotsToRead, sweptAt } from './cursor.ts';
import { HANDLED, handleAlerts, UNFINISHED, type HandleOptions } from './handle.ts';

/** What the sweep needs of this process's deadline timers (src/scheduler/timers.ts). */
export type SweepTimers = {
  /** Arms a timer for each alert due within the timers' horizon. */
  arm(dues: readonly Due[]): void;
  /** The sweep is about to act on this alert: false if a timer is acting on it now; else any armed timer is cleared. */
  takeOver(alertId: string): boolean;
};

export type SweepOptions = HandleOptions & {
  /** Due alerts handled per round; their copies are deleted together after it. */
  batch?: number;
  /** Alerts due up to this long after now are given to `timers`: the next sweep would come too late for them. */
  aheadMs?: number;
  timers?: SweepTimers;
};

export type SweepResult = { sent: number; late: number; dropped: number; postponed: number; busy: number; failed: number };

/**
 * One deadline sweep: every pending alert that is due in the slots it reads is handled once
 * across all processes (the claim-and-send path, src/scheduler/handle.ts). It reads the slots
 * whose minutes came due since this process's previous sweep (the whole ring on its first one,
 * after it looks for alert collections of earlier versions to migrate), and passes the alerts
 * due before the next sweep to the deadline timers. Alerts another process holds, or that
 * failed here, are left to it and to the next sweep, which reads their slots again.
 */
export async function sweep(core: Core, opts: SweepOptions = {}): Promise<SweepResult> {
  const batch = opts.batch ?? 500;
  const aheadMs = opts.aheadMs ?? 0;
  const started = core.now();
  if (migrationDue(core.db, started)) {
    const r = await migrateOldAlerts(core.db, core.now).catch((err: unknown) => core.log.warn({ err }, 'moving alerts of an earlier version failed; the next start retries'));
    if (r && (r.moved || r.dropped.length)) core.log.info({ moved: r.moved, dropped: r.dropped }, 'alerts of an earlier version moved into the alert slots');
  }
  const plan = slotsToRead(core.db, started, aheadMs);
  const result: SweepResult = { sent: 0, late: 0, dropped: 0, postponed: 0, busy: 0, failed: 0 };
  const skip = new Set<string>();
  const unfinished = new Set<number>();
  // Alerts this sweep finished with: a copy of one met in a later slot goes without another look.
  const finished = new Set<string>();

  /** Reads one slot and acts on its due alerts; returns how many it acted on. */
  const sweepSlot = async (n: number): Promise<number> => {
    const now = core.now();
    const read = await readSlot(core.db, n, new Date(now.getTime() + aheadMs));
    const copies = read.filter((d) => finished.has(d.alert._id));
    if (copies.length) await deleteAlerts(core.db, copies);
    const found = read.filter((d) => !finished.has(d.alert._id));
    const upcoming = found.filter((d) => d.alert.dueAt > now);
    if (upcoming.length) opts.timers?.arm(upcoming);
    const due = found.filter((d) => d.alert.dueAt <= now && !skip.has(d.alert._id) && (opts.timers?.takeOver(d.alert._id) ?? true));
    // Oldest first; replicas take alerts due at the same moment in different orders, to contend less.
    const tie = new Map(due.map((d) => [d.alert._id, Math.random()]));
    due.sort((a, b) => a.alert.dueAt.getTime() - b.alert.dueAt.getTime() || tie.get(a.alert._id)! - tie.get(b.alert._id)!);
    for (let i = 0; i < due.length; i += batch) {
      const round = due.slice(i, i + batch);
      const outcomes = await handleAlerts(core, round, opts);
      outcomes.forEach((o, j) => {
        if (o === 'late') result.sent++;
        result[o]++;
        if (HANDLED.has(o)) finished.add(round[j]!.alert._id);
        if (UNFINISHED.has(o)) {
          skip.add(round[j]!.alert._id);
          unfinished.add(n);
        }
      });
    }
    return due.length;
  };

  for (const n of plan.slots) await sweepSlot(n);
  // What this sweep scheduled already due (a next rung after downtime, a replaced update nudge)
  // went into the current minute's slot: read it again until nothing due is left there.
  while (await sweepSlot(slotFor(core.now(), core.now())));
  sweptAt(core.db, started, plan.marks, unfinished);
  return result;
}
