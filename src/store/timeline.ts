import { GENESIS, hashEvent, verifyChain, type ChainVerdict, type ChainedEvent } from '../domain/timeline.ts';
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

export type NewEvent = { type: string; actor: string; data?: Record<string, unknown>; at?: Date };

const eventId = (key: string, seq: number) => `${key}:${String(seq).padStart(6, '0')}`;

const toEvent = (d: Record<string, unknown>): ChainedEvent => ({
  incidentKey: d.incidentKey as string,
  seq: d.seq as number,
  at: d.at as Date,
  type: d.type as string,
  actor: d.actor as string,
  data: (d.data as Record<string, unknown>) ?? {},
  prevHash: d.prevHash as string,
  hash: d.hash as string,
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

// The last sequence number seen per incident in this process: where the next search starts.
const lastSeen = new Map<string, number>();

/** The newest event, found by id lookups alone: gallop forward from what this process saw, then bisect. */
async function newest(db: Db, key: string): Promise<number> {
  let lo = lastSeen.get(key) ?? 0;
  let hi = lo + 1;
  for (let stride = 1; await db.m.Timeline.exists({ _id: eventId(key, hi) }); stride *= 2) {
    lo = hi;
    hi = lo + stride;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await db.m.Timeline.exists({ _id: eventId(key, mid) })) lo = mid;
    else hi = mid;
  }
  lastSeen.set(key, lo);
  return lo;
}

/** Appends an event to the incident's hash chain; the unique id per (incident, seq) serialises writers. */
export async function appendEvent(db: Db, incidentKey: string, e: NewEvent, opts: AppendOptions = {}): Promise<ChainedEvent> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const seq = (await newest(db, incidentKey)) + 1;
    const prev = seq > 1 ? await eventAt(db, incidentKey, seq - 1) : null;
    if (opts.once) {
      const earlier = prev?.op === opts.once ? prev : await findMarked(db, incidentKey, seq - 2, (opts.lookBack ?? 1) - 1, opts.once);
      if (earlier) {
        const { op: _op, ...event } = earlier;
        return event;
      }
    }
    const draft = {
      incidentKey,
      seq,
      // Millisecond precision survives every store, so the stored event rehashes identically.
      at: new Date(Math.floor((e.at ?? new Date()).getTime())),
      type: e.type,
      actor: e.actor,
      data: e.data ?? {},
      prevHash: prev?.hash ?? GENESIS,
    };
    const event = { ...draft, hash: hashEvent(draft) };
    try {
      await db.m.Timeline.create({ _id: eventId(incidentKey, seq), ...event, ...(opts.once ? { op: opts.once } : {}) });
      lastSeen.set(incidentKey, seq);
      return event;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      lastSeen.set(incidentKey, seq);
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

export async function hasEvents(db: Db, incidentKey: string): Promise<boolean> {
  return Boolean(await db.m.Timeline.exists({ _id: eventId(incidentKey, 1) }));
}

/**
 * Recomputes the chain from every stored event of the incident — by query, not by id, so an
 * event removed from the middle or added under a foreign id is seen too.
 */
export async function auditTimeline(db: Db, incidentKey: string): Promise<ChainVerdict> {
  const docs = await db.m.Timeline.find({ incidentKey }).sort({ seq: 1 }).lean();
  return verifyChain(docs.map((d) => toEvent(d as unknown as Record<string, unknown>)));
}
