import { GENESIS, hashEvent, verifyChain, type ChainVerdict, type ChainedEvent } from '../domain/timeline.ts';
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';
import { lastSeq } from './head.ts';
import { appendLedger } from './ledger.ts';

export type NewEvent = { type: string; actor: string; data?: Record<string, unknown>; at?: Date };

export const eventId = (key: string, seq: number) => `${key}:${String(seq).padStart(6, '0')}`;

export const toEvent = (d: Record<string, unknown>): ChainedEvent => ({
  incidentKey: d.incidentKey as string,
  seq: d.seq as number,
  at: d.at as Date,
  type: d.type as string,
  actor: d.actor as string,
  data: (d.data as Record<string, unknown>) ?? {},
  prevHash: d.prevHash as string,
  hash: d.hash as string,
  ...(d.hashAlg === 'hmac1' ? { hashAlg: 'hmac1' as const } : {}),
});

async function eventAt(db: Db, key: string, seq: number): Promise<(ChainedEvent & { op?: string }) | null> {
  const d = (await db.m.Timeline.findById(eventId(key, seq)).lean()) as unknown as Record<string, unknown> | null;
  return d ? { ...toEvent(d), ...(typeof d.op === 'string' ? { op: d.op } : {}) } : null;
}

/**
 * `once` marks the event with the operation that writes it (ops.ts): appending it again finds it
 * among the last `lookBack` events and returns it instead. The mark is outside the hashed fields:
 * it says which attempt wrote the event, not what happened.
 */
export type AppendOptions = { once?: string; lookBack?: number };

// The last sequence number seen per incident in this process, per database (tests open several
// holding the same keys): where the next search starts.
const lastSeen = new WeakMap<Db['m'], Map<string, number>>();
const seenIn = (db: Db) => lastSeen.get(db.m) ?? lastSeen.set(db.m, new Map()).get(db.m)!;

/** The newest event's sequence number (0 for none), by id lookups alone. */
async function newest(db: Db, key: string): Promise<number> {
  const last = await lastSeq(async (seq) => Boolean(await db.m.Timeline.exists({ _id: eventId(key, seq) })), seenIn(db).get(key) ?? 0);
  seenIn(db).set(key, last);
  return last;
}

/**
 * Appends an event to the incident's hash chain; the unique id per (incident, seq) serialises
 * writers. With the audit key the hash is an HMAC (`hashAlg: 'hmac1'`); the first event of an
 * incident is preceded by its ledger entry, and every event is followed by its anchor.
 */
export async function appendEvent(db: Db, incidentKey: string, e: NewEvent, opts: AppendOptions = {}): Promise<ChainedEvent> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const seq = (await newest(db, incidentKey)) + 1;
    const prev = seq > 1 ? await eventAt(db, incidentKey, seq - 1) : null;
    if (seq > 1 && !prev) {
      // What this process remembered is gone (the tail was cut): search from the start.
      seenIn(db).delete(incidentKey);
      continue;
    }
    if (opts.once) {
      const earlier = prev?.op === opts.once ? prev : await findMarked(db, incidentKey, seq - 2, (opts.lookBack ?? 1) - 1, opts.once);
      if (earlier) {
        const { op: _op, ...event } = earlier;
        // The attempt that wrote it may have died before its anchor; anchoring twice is harmless.
        await db.anchor?.({ chain: incidentKey, seq: event.seq, hash: event.hash });
        return event;
      }
    }
    // Before the first event, so an incident never has keyed events and no ledger entry. A crash
    // between the two leaves a second entry for the same incident when the raise resumes: harmless.
    if (seq === 1) await appendLedger(db, incidentKey, 'raised');
    const draft = {
      incidentKey,
      seq,
      // Millisecond precision survives every store, so the stored event rehashes identically.
      at: new Date(Math.floor((e.at ?? new Date()).getTime())),
      type: e.type,
      actor: e.actor,
      data: e.data ?? {},
      prevHash: prev?.hash ?? GENESIS,
      ...(db.auditKey ? { hashAlg: 'hmac1' as const } : {}),
    };
    const event = { ...draft, hash: hashEvent(draft, db.auditKey) };
    try {
      await db.m.Timeline.create({ _id: eventId(incidentKey, seq), ...event, ...(opts.once ? { op: opts.once } : {}) });
      seenIn(db).set(incidentKey, seq);
      await db.anchor?.({ chain: incidentKey, seq, hash: event.hash });
      return event;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      seenIn(db).set(incidentKey, seq);
    }
  }
  throw new Error(`timeline of ${incidentKey} is too contended to append`);
}

async function findMarked(db: Db, key: string, from: number, count: number, op: string) {
  for (let seq = from; seq > 0 && seq > from - count; seq--) {
    const e = await eventAt(db, key, seq);
    if (e?.op === op) return e;
  }
  return null;
}

/** The incident's events in order, read by id (for showing; the audit reads everything). */
export async function readTimeline(db: Db, incidentKey: string): Promise<ChainedEvent[]> {
  const last = await newest(db, incidentKey);
  const events = await Promise.all(Array.from({ length: last }, (_, i) => eventAt(db, incidentKey, i + 1)));
  return events.filter((e): e is ChainedEvent => e !== null);
}

/** One event by its sequence number (an effect that shows a recorded status update). */
export const readEvent = (db: Db, incidentKey: string, seq: number) => eventAt(db, incidentKey, seq);

/** The newest event of the incident, or null for none (adoption of incidents older than the key). */
export async function timelineHead(db: Db, incidentKey: string): Promise<ChainedEvent | null> {
  const last = await newest(db, incidentKey);
  return last ? eventAt(db, incidentKey, last) : null;
}

export async function hasEvents(db: Db, incidentKey: string): Promise<boolean> {
  return Boolean(await db.m.Timeline.exists({ _id: eventId(incidentKey, 1) }));
}

/**
 * Recomputes the chain from every stored event of the incident — by query, not by id, so an
 * event removed from the middle or added under a foreign id is seen too. The chain alone; the
 * full audit (src/audit) adds the ledger, the anchors and the cross-checks.
 */
export async function auditTimeline(db: Db, incidentKey: string): Promise<ChainVerdict> {
  const docs = await db.m.Timeline.find({ incidentKey }).sort({ seq: 1 }).lean();
  return verifyChain(
    docs.map((d) => toEvent(d as unknown as Record<string, unknown>)),
    db.auditKey,
  );
}

/** Every stored event, with the id it is stored under (the audit reads them all at once). */
export async function readAllEvents(db: Db, incidentKey?: string): Promise<{ id: string; event: ChainedEvent }[]> {
  const docs = (await db.m.Timeline.find(incidentKey ? { incidentKey } : {}).lean()) as unknown as Record<string, unknown>[];
  return docs.map((d) => ({ id: d._id as string, event: toEvent(d) }));
}
