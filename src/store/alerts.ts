import type { mongo } from 'mongoose';
import type { Alert, AlertKind } from '../domain/escalation.ts';
import { ALL_SLOTS, minuteOf, placementMinute, READ_BACK_MINUTES, slotName, slotOfMinute } from './alert-slots.ts';
import type { Db } from './connect.ts';
import { ignoreDuplicates } from './connect.ts';

export type { Alert };

/** The claim that lets exactly one process send an alert. */
export const sentClaim = (alertId: string) => `sent:${alertId}`;
/** Written once everything an alert implies is recorded: only its delete is left. */
export const doneMark = (alertId: string) => `done:${alertId}`;

/*
 * Pending alerts live in the fixed ring of slot collections of src/store/alert-slots.ts. The
 * guarantees, and what keeps each:
 *
 * - Never lost. An alert is inserted into the slot of its due minute, clamped to the current
 *   minute of the scheduling process (slotFor), and leaves a slot only by a delete after it was
 *   handled, or after a copy was written elsewhere (a move). Sweeps read every minute's slot as
 *   its minute comes due, again for READ_BACK_MINUTES after, and every slot at a process's start;
 *   a slot is read at least once a ring turn (64 minutes) by any running process, so even an
 *   alert placed where no sweep looks soon is read within one turn. An insert that returns so
 *   late that the sweeps may have read its slot already is repeated into the current minute
 *   (place).
 * - A copy is harmless. The same alert may sit in two slots (that repeat; a crash between the
 *   two writes of a move): the process that claims `sent:<id>` sends it, the `done:<id>` mark
 *   turns any later copy into a delete (src/scheduler/handle.ts).
 * - Exactly once across processes: the `sent:` claim, a lease that a takeover can finish.
 *
 * Every write addressed to one alert filters by exact `_id` (FerretDB's only index): deletes,
 * re-reads, moves.
 */

/** A pending alert as read, with the slots holding a copy of it (usually one). */
export type Due = { alert: Alert; slots: number[] };

type AlertDoc = Omit<Alert, '_id'> & { _id: string };
const slot = (db: Db, n: number) => db.conn.db!.collection<AlertDoc>(slotName(n));

/** Typed mapping of a stored alert: dates as Date, and nothing but the alert's own fields. */
export function toAlert(d: Record<string, unknown>): Alert {
  const a: Alert = {
    _id: String(d._id),
    kind: d.kind as AlertKind,
    incidentKey: String(d.incidentKey),
    rung: Number(d.rung),
    base: new Date(d.base as Date),
    dueAt: new Date(d.dueAt as Date),
  };
  if (typeof d.n === 'number') a.n = d.n;
  if (typeof d.version === 'number') a.version = d.version;
  if (typeof d.cycle === 'number') a.cycle = d.cycle;
  if (typeof d.role === 'string') a.role = d.role;
  if (typeof d.fn === 'string') a.fn = d.fn;
  return a;
}

export const toDoc = (a: Alert): AlertDoc => toAlert(a as unknown as Record<string, unknown>);

/** Inserts alerts into one slot; returns the ids that were already there. */
export async function insertIntoSlot(db: Db, n: number, docs: readonly AlertDoc[]): Promise<string[]> {
  try {
    await slot(db, n).insertMany(
      docs.map((d) => ({ ...d })),
      { ordered: false },
    );
    return [];
  } catch (err) {
    const e = err as { code?: number; writeErrors?: { code?: number; index: number }[] };
    ignoreDuplicates(e);
    // Only duplicates are left: the ids of the failed writes (all of them for a lone insert's error).
    return e.writeErrors?.length ? e.writeErrors.map((w) => docs[w.index]!._id) : docs.map((d) => d._id);
  }
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** Where `place` put each alert, and which ids a slot already held. */
type Placed = { dues: Due[]; existing: Map<number, string[]> };

/**
 * Inserts alerts into their slots. If the clock shows, once the inserts returned, that a slot's
 * minute began READ_BACK_MINUTES or more ago (this process stalled, or its writes hung), the
 * sweeps may have read that slot before the insert landed and will not read it again until the
 * ring comes round: the alerts go again into the current minute, until an insert returns in time.
 */
async function place(db: Db, alerts: readonly Alert[], clock: () => Date): Promise<Placed> {
  const existing = new Map<number, string[]>();
  const slotsOf = new Map<string, number[]>();
  let pending = alerts;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt === 5) throw new Error('alerts could not be scheduled: every insert returned later than the sweeps read back');
    const now = clock();
    const groups = groupBy(pending, (a) => placementMinute(a.dueAt, now));
    await Promise.all(
      [...groups].map(async ([m, list]) => {
        const n = slotOfMinute(m);
        // Minutes a ring turn apart share a slot: merge after the await, not before.
        const already = await insertIntoSlot(db, n, list.map(toDoc));
        existing.set(n, [...(existing.get(n) ?? []), ...already]);
        for (const a of list) slotsOf.set(a._id, [...(slotsOf.get(a._id) ?? []), n]);
      }),
    );
    const after = minuteOf(clock());
    pending = [...groups].filter(([m]) => after - m >= READ_BACK_MINUTES).flatMap(([, list]) => list);
  }
  return { dues: alerts.map((alert) => ({ alert, slots: [...new Set(slotsOf.get(alert._id))] })), existing };
}

type Watcher = (placed: readonly Due[]) => void;
const watchers = new WeakMap<Db, Set<Watcher>>();

/**
 * Calls `fn` with every alert this process schedules or moves on `db`, once it is stored: the
 * scheduler arms a timer for those due before its next sweep. Returns the unsubscribe.
 */
export function watchScheduled(db: Db, fn: Watcher): () => void {
  const set = watchers.get(db) ?? new Set<Watcher>();
  watchers.set(db, set);
  set.add(fn);
  return () => void set.delete(fn);
}

function notify(db: Db, dues: readonly Due[]): void {
  for (const fn of watchers.get(db) ?? []) fn(dues);
}

/**
 * Adds alerts to the pending set, each into the slot of its due minute, clamped to the current
 * minute of `clock` (the process's injected clock, `core.now`). Ids are deterministic, so
 * scheduling the same alert twice into one slot adds it once; a copy in another slot, or one
 * added again after it was sent, is dropped when read (its claims say it was handled).
 */
export async function scheduleAlerts(db: Db, alerts: readonly Alert[], clock: () => Date): Promise<void> {
  if (!alerts.length) return;
  notify(db, (await place(db, alerts, clock)).dues);
}

/**
 * The alerts of one slot due at `until` or earlier. Query `{dueAt: {$lte: until}}` — the one
 * that uses each slot's `{dueAt: 1}` index on MongoDB (src/store/alert-slots.ts); FerretDB scans
 * the slot.
 */
export async function readSlot(db: Db, n: number, until: Date): Promise<Due[]> {
  const docs = await slot(db, n).find({ dueAt: { $lte: until } } as mongo.Filter<AlertDoc>).toArray();
  return docs.map((d) => ({ alert: toAlert(d as unknown as Record<string, unknown>), slots: [n] }));
}

/** Merges copies of one alert found in several slots: the latest due time wins (a move only postpones). */
function merge(into: Map<string, Due>, dues: readonly Due[]): void {
  for (const d of dues) {
    const seen = into.get(d.alert._id);
    if (!seen) into.set(d.alert._id, { alert: d.alert, slots: [...d.slots] });
    else {
      seen.slots.push(...d.slots);
      if (d.alert.dueAt > seen.alert.dueAt) seen.alert = d.alert;
    }
  }
}

const byDueAt = (a: Due, b: Due) => a.alert.dueAt.getTime() - b.alert.dueAt.getTime();

/** Pending alerts due at `until` or earlier in the given slots (all by default), copies merged, earliest first. */
export async function dueAlerts(db: Db, until: Date, slots: readonly number[] = ALL_SLOTS): Promise<Due[]> {
  const found = new Map<string, Due>();
  for (const n of slots) merge(found, await readSlot(db, n, until));
  return [...found.values()].sort(byDueAt);
}

/** Every pending alert, due or not, earliest first (tests, benchmarks; scans every slot). */
export async function pendingAlerts(db: Db): Promise<Due[]> {
  const found = new Map<string, Due>();
  for (const n of ALL_SLOTS) {
    merge(found, (await slot(db, n).find({}).toArray()).map((d) => ({ alert: toAlert(d as unknown as Record<string, unknown>), slots: [n] })));
  }
  return [...found.values()].sort(byDueAt);
}

/** An alert read again by `_id` from the slots it was seen in (a timer about to act on it); undefined once gone. */
export async function findAlert(db: Db, id: string, slots: readonly number[]): Promise<Due | undefined> {
  const found = new Map<string, Due>();
  for (const n of slots) {
    const d = await slot(db, n).findOne({ _id: id });
    if (d) merge(found, [{ alert: toAlert(d as unknown as Record<string, unknown>), slots: [n] }]);
  }
  return found.get(id);
}

/** Deletes handled alerts from every slot holding them: one round trip per slot, each delete by exact `_id`. */
export async function deleteAlerts(db: Db, handled: readonly Due[]): Promise<void> {
  const bySlot = new Map<number, string[]>();
  for (const d of handled) for (const n of d.slots) bySlot.set(n, [...(bySlot.get(n) ?? []), d.alert._id]);
  await Promise.all([...bySlot].map(([n, ids]) => slot(db, n).bulkWrite(ids.map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false })));
}

/**
 * Moves an alert to a later due time (a snoozed step): insert into the new minute's slot first,
 * then delete it from the old ones. A crash in between leaves a copy in each slot: the old copy
 * is moved again when read, or dropped by its done mark once the alert was sent. Concurrent
 * movers write the same value.
 */
export async function postponeAlert(db: Db, due: Due, until: Date, clock: () => Date): Promise<void> {
  const moved: Alert = { ...due.alert, dueAt: until };
  const placed = await place(db, [moved], clock);
  // A copy already in the target slot (an earlier move cut short, or a slot the ring shares) takes the new due time.
  for (const [n, existing] of placed.existing) if (existing.length) await slot(db, n).updateOne({ _id: moved._id }, { $set: { dueAt: until } });
  const target = new Set(placed.dues[0]!.slots);
  const old = due.slots.filter((n) => !target.has(n));
  if (old.length) await deleteAlerts(db, [{ alert: due.alert, slots: old }]);
  notify(db, placed.dues);
}
