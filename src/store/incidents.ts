import type { Platform } from '../../adapters/port.ts';
import { dayPrefix, incidentKey } from '../domain/naming.ts';
import { takeLease } from './claims.ts';
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';
import type { Incident } from './records.ts';

export type { Incident };

export type NewIncident = Omit<Incident, 'key' | 'stepCount' | 'openDue' | 'rev'>;

/**
 * Inserts the incident under the next free key of its day. The unique `_id` decides between
 * concurrent raises: a loser moves on to the next number. The day's counter is only a hint
 * of where to start, so it may lag without harm.
 */
export async function insertWithNextKey(db: Db, at: Date, fields: NewIncident): Promise<Incident> {
  const day = dayPrefix(at);
  const hint = (await db.m.Counter.findById(day).lean()) as { n: number } | null;
  let n = (hint?.n ?? 0) + 1;
  for (let attempt = 0; attempt < 10_000; attempt++, n++) {
    const key = incidentKey(at, n);
    try {
      const doc = await db.m.Incident.create({ ...fields, _id: key, key, stepCount: 0, openDue: [], rev: 0 });
      await noteKeyUsed(db, day, n);
      return doc.toObject() as unknown as Incident;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error(`no free incident key on ${day}`);
}

const noteKeyUsed = (db: Db, day: string, n: number) =>
  db.m.Counter.updateOne({ _id: day }, { $set: { n } }, { upsert: true }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });

/**
 * The incident a raise operation created before a crash cut it short (read only when resuming
 * one). The day's counter is moved past it too: the crash may have come before the counter was.
 */
export async function incidentOfRaise(db: Db, raiseOp: string): Promise<Incident | null> {
  const found = (await db.m.Incident.findOne({ raiseOp }).lean()) as unknown as Incident | null;
  if (found) await noteKeyUsed(db, dayPrefix(found.raisedAt), Number(found.key.slice(-3)));
  return found;
}

export async function findIncident(db: Db, key: string): Promise<Incident | null> {
  return (await db.m.Incident.findById(key).lean()) as unknown as Incident | null;
}

const LOCK_LEASE_MS = 30_000;

/**
 * Read-modify-write of one incident, safe across processes: each revision of the document is
 * leased to one writer, the others read again and retry. The write is guarded by the revision in
 * its filter, so a holder that stalled past its lease and wakes after a taker wrote changes
 * nothing (it reads again and retries). `change` may be async: it runs after the lease is taken,
 * so what it reads (e.g. the steps) is at least as new as every write that preceded the lease.
 */
export async function updateIncident(db: Db, key: string, change: (current: Incident) => Partial<Incident> | Promise<Partial<Incident>>): Promise<Incident> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const current = await findIncident(db, key);
    if (!current) throw new Error(`incident ${key} vanished`);
    const rev = current.rev ?? 0;
    if (await takeLease(db, `incident:${key}:rev${rev}`, LOCK_LEASE_MS)) {
      const set = { ...(await change(current)), rev: rev + 1 };
      const written = await db.m.Incident.updateOne({ _id: key, rev }, { $set: set });
      if (written.matchedCount === 1) return { ...current, ...set };
      continue;
    }
    await new Promise((r) => setTimeout(r, 2 + Math.random() * 10 * Math.min(attempt + 1, 10)));
  }
  throw new Error(`incident ${key} is too contended to update`);
}

/** How many applied operation keys an incident remembers: far more than can be in flight at once. */
const APPLIED_KEPT = 100;

/**
 * updateIncident for one step of an operation (store/ops.ts): applied at most once per `opKey`,
 * however often the operation runs. The incident remembers the keys it applied, with what `change`
 * noted then (the fact's id, the update's number), which a re-run gets back instead.
 */
export async function updateIncidentOnce<N>(db: Db, key: string, opKey: string, change: (current: Incident) => { set: Partial<Incident>; note: N }): Promise<{ incident: Incident; note: N }> {
  let note!: N;
  const incident = await updateIncident(db, key, (current) => {
    const earlier = current.applied?.find((a) => a.key === opKey);
    if (earlier) {
      note = earlier.note as N;
      return {};
    }
    const made = change(current);
    note = made.note;
    return { ...made.set, applied: [...(current.applied ?? []), { key: opKey, note: made.note }].slice(-APPLIED_KEPT) };
  });
  return { incident, note };
}

const roomId = (platform: Platform, workspace: string, room: string) => `${platform}:${workspace}:${room}`;

export async function recordRoom(db: Db, platform: Platform, workspace: string, room: string, key: string): Promise<void> {
  await db.m.Room.updateOne({ _id: roomId(platform, workspace, room) }, { $set: { incidentKey: key } }, { upsert: true });
}

export async function incidentInRoom(db: Db, platform: Platform, workspace: string, room: string): Promise<Incident | null> {
  const r = (await db.m.Room.findById(roomId(platform, workspace, room)).lean()) as { incidentKey: string } | null;
  return r ? findIncident(db, r.incidentKey) : null;
}
