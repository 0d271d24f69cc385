import { minuteOf, READ_BACK_MINUTES, SLOT_COUNT, slotsOfMinutes } from '../store/alert-slots.ts';
import type { Db } from '../store/connect.ts';

/**
 * What this process's sweeps remember between runs, per database: the minute the last one
 * started at, the slots holding alerts it (or a timer) left unfinished — held by another
 * process, or failed here — and when old alert collections were last looked for. Nothing of it
 * is needed for correctness across processes (the claims give that); it only keeps each sweep
 * to the few slots that can hold something due.
 */
type Cursor = {
  minute?: number;
  /** Slot → the number of the mark that asked for it last: a sweep forgets only the marks it read. */
  revisit: Map<number, number>;
  marks: number;
  migratedAt?: number;
};

const cursors = new WeakMap<Db, Cursor>();

function cursorOf(db: Db): Cursor {
  let c = cursors.get(db);
  if (!c) cursors.set(db, (c = { revisit: new Map(), marks: 0 }));
  return c;
}

/** How often a running process looks for collections of earlier versions (a rolling upgrade may still write them). */
export const MIGRATE_EVERY_MS = 10 * 60_000;

/** Whether a sweep at `now` should look for old alert collections: the first sweep of a process, then every MIGRATE_EVERY_MS. */
export function migrationDue(db: Db, now: Date): boolean {
  const c = cursorOf(db);
  if (c.migratedAt !== undefined && Math.abs(now.getTime() - c.migratedAt) < MIGRATE_EVERY_MS) return false;
  c.migratedAt = now.getTime();
  return true;
}

/**
 * The slots a sweep starting at `now` reads, oldest minute first: every minute since the last
 * sweep started (from READ_BACK_MINUTES before it), through the minute `aheadMs` from now (alerts
 * due before the next sweep get timers), plus the slots left unfinished. The whole ring on a
 * process's first sweep — alerts missed while nothing ran — and whenever that span covers it (the
 * process stalled, the clock jumped).
 */
export function slotsToRead(db: Db, now: Date, aheadMs: number): { slots: number[]; full: boolean; marks: number } {
  const c = cursorOf(db);
  const to = minuteOf(now.getTime() + aheadMs);
  // A clock set back (tests, a corrected clock) reads from its own minute.
  const from = c.minute === undefined ? to - SLOT_COUNT + 1 : Math.min(c.minute, minuteOf(now)) - READ_BACK_MINUTES;
  const window = slotsOfMinutes(from, to);
  const full = window.length === SLOT_COUNT;
  const slots = full ? window : [...new Set([...c.revisit.keys(), ...window])];
  return { slots, full, marks: c.marks };
}

/**
 * Records a finished sweep: its start minute, and the slots whose alerts it left unfinished.
 * `marks` is what slotsToRead returned: slots marked since (by a timer, during the sweep) stay
 * marked. A sweep that failed records nothing, so the next one reads its span again.
 */
export function sweptAt(db: Db, now: Date, marks: number, unfinished: Iterable<number>): void {
  const c = cursorOf(db);
  c.minute = minuteOf(now);
  for (const [n, mark] of c.revisit) if (mark <= marks) c.revisit.delete(n);
  revisit(db, unfinished);
}

/** Slots the next sweep reads again whatever its window: a timer left an alert in them unfinished. */
export function revisit(db: Db, slots: Iterable<number>): void {
  const c = cursorOf(db);
  for (const n of slots) c.revisit.set(n, ++c.marks);
}
