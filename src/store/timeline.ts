import { GENESIS, hashEvent, verifyChain, type ChainVerdict, type ChainedEvent } from '../domain/timeline.ts';
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

export type NewEvent = { type: string; actor: string; data?: Record<string, unknown>; at?: Date };

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

/** Appends an event to the incident's hash chain; the unique (incidentKey, seq) index serialises writers. */
export async function appendEvent(db: Db, incidentKey: string, e: NewEvent): Promise<ChainedEvent> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const last = await db.m.Timeline.findOne({ incidentKey }).sort({ seq: -1 }).lean();
    const draft = {
      incidentKey,
      seq: (last?.seq ?? 0) + 1,
      // Millisecond precision survives every store, so the stored event rehashes identically.
      at: new Date(Math.floor((e.at ?? new Date()).getTime())),
      type: e.type,
      actor: e.actor,
      data: e.data ?? {},
      prevHash: last?.hash ?? GENESIS,
    };
    const event = { ...draft, hash: hashEvent(draft) };
    try {
      await db.m.Timeline.create(event);
      return event;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error(`timeline of ${incidentKey} is too contended to append`);
}

export async function readTimeline(db: Db, incidentKey: string): Promise<ChainedEvent[]> {
  const docs = await db.m.Timeline.find({ incidentKey }).sort({ seq: 1 }).lean();
  return docs.map((d) => toEvent(d as unknown as Record<string, unknown>));
}

export async function auditTimeline(db: Db, incidentKey: string): Promise<ChainVerdict> {
  return verifyChain(await readTimeline(db, incidentKey));
}
