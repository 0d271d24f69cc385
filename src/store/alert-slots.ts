import type { Db } from './connect.ts';

/*
 * The alert queue is a fixed ring of SLOT_COUNT collections, `alert_slots_00` … `alert_slots_63`,
 * created once at connect and never created or dropped afterwards (MongoDB services such as
 * Atlas M0/Flex cap a cluster at 500 collections, and per-minute collections meant ~1,400
 * create/drop operations a day). An alert lives in the slot of its due minute modulo SLOT_COUNT,
 * so a slot holds the alerts of minutes m, m+64, m+128 …: a sweep reads the few slots whose
 * minutes came due and filters by `dueAt`.
 *
 * Why a ring and not one collection: FerretDB 1.24 (SQLite) uses an index only for a filter that
 * is exactly `{_id: <string>}`; `{dueAt: {$lte: now}}` scans its whole collection (~0.07 ms per
 * document here; 100k pending in one collection → 138 s per sweep). In the ring it scans one slot,
 * about pending / 64 documents. On MongoDB the same query uses each slot's `{dueAt: 1}` index.
 */
export const SLOT_COUNT = 64;
export const MINUTE = 60_000;
const SLOT_PREFIX = 'alert_slots_';

export const slotName = (slot: number) => `${SLOT_PREFIX}${String(slot).padStart(2, '0')}`;
export const ALL_SLOTS: readonly number[] = Array.from({ length: SLOT_COUNT }, (_, i) => i);

/**
 * How many minutes before the previous sweep's minute a sweep reads again: an insert that chose
 * its slot at minute k and returned within this many minutes is still read (see place in
 * src/store/alerts.ts, which inserts again into the current minute when an insert returned
 * later). It also absorbs replica clocks up to a minute apart.
 */
export const READ_BACK_MINUTES = 2;

/** Minutes since the epoch (UTC): the unit alerts are placed by. */
export const minuteOf = (t: Date | number) => Math.floor((typeof t === 'number' ? t : t.getTime()) / MINUTE);
/** The slot of an epoch minute (minutes before 1970 do not occur, but stay in range anyway). */
export const slotOfMinute = (minute: number) => ((minute % SLOT_COUNT) + SLOT_COUNT) % SLOT_COUNT;

/**
 * The minute (and slot) an alert due at `dueAt` goes into for a process whose clock says `now`: its due
 * minute, clamped to the current one, so that an alert already due lands where the sweeps are
 * reading now rather than in a slot they passed (read again only a ring turn later).
 */
export const placementMinute = (dueAt: Date, now: Date) => Math.max(minuteOf(dueAt), minuteOf(now));
export const slotFor = (dueAt: Date, now: Date) => slotOfMinute(placementMinute(dueAt, now));

/** The slots of minutes `from` … `to` (inclusive), oldest first, each once; the whole ring if that spans it. */
export function slotsOfMinutes(from: number, to: number): number[] {
  if (to - from + 1 >= SLOT_COUNT) return Array.from({ length: SLOT_COUNT }, (_, i) => slotOfMinute(to + 1 + i));
  const out: number[] = [];
  for (let m = from; m <= to; m++) out.push(slotOfMinute(m));
  return out;
}

/** The name of the index every slot carries, and its key. */
const DUE_INDEX = { key: { dueAt: 1 }, name: 'dueAt_1' } as const;

/**
 * Creates the slots that do not exist yet, each with its `{dueAt: 1}` index — the index of the
 * sweep's `find({dueAt: {$lte: until}})` in readSlot (src/store/alerts.ts); on MongoDB that query
 * is an IXSCAN, on FerretDB (which uses no index but `_id`'s) a scan of the one slot. Run at
 * connect: a database that has them costs one listCollections. `createIndexes` creates a
 * collection and its index in one command, so a slot that exists has its index (unless made by
 * hand); concurrent connects creating the same slot both succeed (same index, same options).
 */
export async function ensureAlertSlots(db: Db): Promise<void> {
  const raw = db.conn.db!;
  const listed = await raw.listCollections({ name: { $regex: `^${SLOT_PREFIX}` } }, { nameOnly: true }).toArray();
  const have = new Set(listed.map((c) => c.name));
  // One at a time: FerretDB serialises DDL anyway, and a burst of 64 helps no server.
  for (const slot of ALL_SLOTS) {
    const name = slotName(slot);
    if (!have.has(name)) await raw.command({ createIndexes: name, indexes: [DUE_INDEX] });
  }
}
