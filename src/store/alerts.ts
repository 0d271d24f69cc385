import type { mongo } from 'mongoose';
import type { Alert, AlertKind } from '../domain/escalation.ts';
import type { Db } from './connect.ts';
import { ignoreDuplicates } from './connect.ts';

export type { Alert };

/** The claim that lets exactly one process send an alert. */
export const sentClaim = (alertId: string) => `sent:${alertId}`;
/** Written once everything an alert implies is recorded: only its (batched) delete is left. */
export const doneMark = (alertId: string) => `done:${alertId}`;

/*
 * Pending alerts live in one collection per due minute (UTC), `alerts_YYYYMMDDHHmm`, because
 * FerretDB 1.24 (SQLite) uses an index only for a filter that is exactly `{_id: <string>}`: a
 * `{dueAt: {$lte: now}}` query over one collection scanned every pending alert (100k pending →
 * 138 s per sweep), and a `{_id: {$in}}` delete scans it too. A bucket is its own SQLite
 * table, so the sweep reads, deletes and moves alerts scanning only the buckets that are due. On
 * MongoDB each bucket read is a COLLSCAN of that bucket (small); the code path is the same.
 *
 * - An alert goes into the bucket of its due minute, clamped to no earlier than the current minute
 *   of the scheduling process, so no process inserts into a past bucket on purpose.
 * - The sweep lists the buckets (listCollections, nameOnly: metadata), reads those whose minute
 *   has begun, oldest first, and deletes handled alerts with one deleteMany per bucket.
 * - A bucket older than DROP_MARGIN_MS that is empty is dropped after a sweep. A process that
 *   stalled longer than half the margin between choosing a bucket and its insert returning inserts
 *   the alert again into the current minute (see scheduleAlerts): a copy that landed in a bucket
 *   dropped meanwhile is not lost. An insert re-creates a dropped bucket, and the sweep finds it
 *   by listing, so even then the copy is read.
 * - The same alert may sit in two buckets (that re-insert; a crash between the two writes of a
 *   move): reads merge copies by `_id`, and the `sent:`/`done:` claims make a second copy harmless.
 */
export const BUCKET_PREFIX = 'alerts_';
const BUCKET_NAME = /^alerts_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/;
/** The single collection of earlier versions; its alerts are moved into buckets when found. */
const LEGACY = 'alerts';
const MINUTE = 60_000;
/** Empty buckets whose minute ended longer ago than this are dropped. */
export const DROP_MARGIN_MS = 10 * MINUTE;

/** A pending alert as read, with every bucket holding a copy of it (usually one). */
export type Due = { alert: Alert; buckets: string[] };

/** The bucket of a due time for a process whose clock says `now`: never a minute already past. */
export function bucketOf(dueAt: Date, now: Date): string {
  const d = new Date(Math.max(Math.floor(dueAt.getTime() / MINUTE), Math.floor(now.getTime() / MINUTE)) * MINUTE);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${BUCKET_PREFIX}${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** Start of a bucket's minute (ms since the epoch), or undefined for a name that is not a bucket. */
export function bucketStart(name: string): number | undefined {
  const m = BUCKET_NAME.exec(name);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) : undefined;
}

type AlertDoc = Omit<Alert, '_id'> & { _id: string };
const bucket = (db: Db, name: string) => db.conn.db!.collection<AlertDoc>(name);

/** Typed mapping of a stored alert: dates as Date, and nothing but the alert's own fields. */
function toAlert(d: Record<string, unknown>): Alert {
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
  return a;
}

const toDoc = (a: Alert): AlertDoc => toAlert(a as unknown as Record<string, unknown>);

/** Bucket names, oldest first; a legacy single `alerts` collection is emptied into buckets on the way. */
export async function listBuckets(db: Db, now: Date): Promise<string[]> {
  const listed = await db.conn.db!.listCollections({ name: { $regex: '^alerts' } }, { nameOnly: true }).toArray();
  const names = listed.map((c) => c.name);
  if (names.includes(LEGACY)) {
    const moved = await migrateLegacy(db, now);
    if (moved.length) return listBuckets(db, now);
  }
  return names.filter((n) => bucketStart(n) !== undefined).sort();
}

/**
 * Inserts alerts into `name`, creating the collection if needed; returns the ids already there.
 * Concurrent first inserts into a new bucket all succeed on FerretDB 1.24 (it creates the table
 * under a lock and treats "exists" as success; measured: 100 rounds of 4 concurrent inserts over
 * 2 connections, no error). A "namespace exists" (48) is retried once in case a server reports it.
 */
async function insertInto(db: Db, name: string, docs: readonly AlertDoc[]): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      await bucket(db, name).insertMany(docs.map((d) => ({ ...d })), { ordered: false });
      return [];
    } catch (err) {
      const e = err as { code?: number; writeErrors?: { code?: number; index: number }[] };
      if (e.code === 48 && attempt === 0) continue;
      ignoreDuplicates(e);
      // Only duplicates are left: the ids of the failed writes (all of them for a lone insert's error).
      return e.writeErrors?.length ? e.writeErrors.map((w) => docs[w.index]!._id) : docs.map((d) => d._id);
    }
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/**
 * Inserts alerts into their buckets and returns, per bucket, the ids that were already there.
 * If the clock shows, once the inserts returned, that a bucket's minute is more than half the drop
 * margin old (this process stalled, or its writes hung), a sweep may have dropped that bucket just
 * before the insert landed: the alerts go again into the current minute, until an insert returns
 * in time. Replica clocks must agree within half the margin for this to hold.
 */
async function place(db: Db, alerts: readonly Alert[], clock: () => Date): Promise<Map<string, string[]>> {
  const existing = new Map<string, string[]>();
  let pending = alerts;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt === 5) throw new Error('alerts could not be scheduled: every insert returned later than half the bucket drop margin');
    const now = clock();
    const groups = groupBy(pending, (a) => bucketOf(a.dueAt, now));
    await Promise.all([...groups].map(async ([name, list]) => existing.set(name, await insertInto(db, name, list.map(toDoc)))));
    const after = clock().getTime();
    pending = [...groups].filter(([name]) => after - bucketStart(name)! > DROP_MARGIN_MS / 2).flatMap(([, list]) => list);
  }
  return existing;
}

/**
 * Adds alerts to the pending set, each into the bucket of its due minute, clamped to the current
 * minute of `clock` (the process's injected clock, `core.now`). Ids are deterministic, so scheduling the same
 * alert twice (a resumed raise, two replicas replacing the same obsolete alert) adds it once; one
 * added again after it was sent is dropped when it falls due (the sweep finds its done mark).
 */
export async function scheduleAlerts(db: Db, alerts: readonly Alert[], clock: () => Date): Promise<void> {
  if (alerts.length) await place(db, alerts, clock);
}

/** Reads one bucket; a bucket dropped meanwhile (MongoDB may abort the cursor) reads as empty. */
async function readBucket(db: Db, name: string, filter: mongo.Filter<AlertDoc>): Promise<Alert[]> {
  try {
    return (await bucket(db, name).find(filter).toArray()).map((d) => toAlert(d as unknown as Record<string, unknown>));
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code === 26 || code === 175) return [];
    throw err;
  }
}

/** Merges copies of one alert found in several buckets: the latest due time wins (a move only postpones). */
function merge(into: Map<string, Due>, name: string, alerts: readonly Alert[]): void {
  for (const a of alerts) {
    const seen = into.get(a._id);
    if (!seen) into.set(a._id, { alert: a, buckets: [name] });
    else {
      seen.buckets.push(name);
      if (a.dueAt > seen.alert.dueAt) seen.alert = a;
    }
  }
}

const byDueAt = (a: Due, b: Due) => a.alert.dueAt.getTime() - b.alert.dueAt.getTime();

/** What a sweep pass needs: the due alerts, and the buckets listed (for dropEmptyBuckets). */
export type DueAlerts = { due: Due[]; buckets: string[] };

/**
 * Pending alerts due at `now`, earliest first, at most about `limit` (whole buckets are read).
 * Reads only the buckets whose minute has begun, oldest first: every alert in a past minute's
 * bucket is due, and the current minute's bucket holds only that minute's alerts.
 */
export async function dueAlerts(db: Db, now: Date, limit: number): Promise<DueAlerts> {
  const buckets = await listBuckets(db, now);
  const found = new Map<string, Due>();
  for (const name of buckets) {
    if (found.size >= limit || bucketStart(name)! > now.getTime()) break;
    merge(found, name, await readBucket(db, name, { dueAt: { $lte: now } }));
  }
  return { due: [...found.values()].sort(byDueAt).slice(0, limit), buckets };
}

/** Every pending alert, due or not, earliest first (tests, benchmarks; reads every bucket). */
export async function pendingAlerts(db: Db): Promise<Due[]> {
  const found = new Map<string, Due>();
  for (const name of await listBuckets(db, new Date())) merge(found, name, await readBucket(db, name, {}));
  return [...found.values()].sort(byDueAt);
}

/** Deletes handled alerts: one deleteMany per bucket (an `$in` filter scans its bucket on FerretDB; a bucket is small). */
export async function deleteAlerts(db: Db, handled: readonly Due[]): Promise<void> {
  const ids = new Map<string, string[]>();
  for (const d of handled) for (const b of d.buckets) ids.set(b, [...(ids.get(b) ?? []), d.alert._id]);
  await Promise.all([...ids].map(([name, list]) => bucket(db, name).deleteMany({ _id: { $in: list } })));
}

/**
 * Moves an alert to a later due time (a snoozed step): insert into the new minute's bucket first,
 * then delete it from the old ones. A crash in between leaves a copy in each bucket: the old copy
 * is moved again when read, or dropped by its done mark once the alert was sent. Concurrent movers
 * write the same value.
 */
export async function postponeAlert(db: Db, due: Due, until: Date, clock: () => Date): Promise<void> {
  const moved: Alert = { ...due.alert, dueAt: until };
  const placed = await place(db, [moved], clock);
  // A copy already in the target bucket (an earlier move cut short) is given the new due time.
  for (const [name, existing] of placed) if (existing.length) await bucket(db, name).updateOne({ _id: moved._id }, { $set: { dueAt: until } });
  const old = due.buckets.filter((b) => !placed.has(b));
  if (old.length) await deleteAlerts(db, [{ alert: due.alert, buckets: old }]);
}

/**
 * Drops the buckets whose minute ended more than DROP_MARGIN_MS before `now` and that are empty.
 * Run after a sweep; `buckets` is the listing the sweep made. Returns the names dropped.
 */
export async function dropEmptyBuckets(db: Db, now: Date, buckets: readonly string[]): Promise<string[]> {
  const old = buckets.filter((name) => bucketStart(name)! + MINUTE <= now.getTime() - DROP_MARGIN_MS);
  const dropped: string[] = [];
  for (const name of old) {
    if (await bucket(db, name).findOne({}, { projection: { _id: 1 } })) continue;
    // Another sweep may drop it at the same moment: dropping a missing collection is no error here.
    await db.conn.db!.dropCollection(name).catch((err: { code?: number }) => {
      if (err.code !== 26) throw err;
    });
    dropped.push(name);
  }
  return dropped;
}

/**
 * Moves the alerts of the single `alerts` collection of earlier versions into buckets, then drops
 * it once empty. Idempotent and safe for replicas doing it at once (inserts ignore duplicates).
 */
async function migrateLegacy(db: Db, now: Date): Promise<Alert[]> {
  const legacy = db.conn.db!.collection<AlertDoc>(LEGACY);
  const alerts = (await legacy.find({}).toArray()).map((d) => toAlert(d as unknown as Record<string, unknown>));
  if (alerts.length) {
    await scheduleAlerts(db, alerts, () => now);
    await legacy.deleteMany({ _id: { $in: alerts.map((a) => a._id) } });
  }
  if (!(await legacy.findOne({}, { projection: { _id: 1 } }))) {
    await db.conn.db!.dropCollection(LEGACY).catch((err: { code?: number }) => {
      if (err.code !== 26) throw err;
    });
  }
  return alerts;
}
