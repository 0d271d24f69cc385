import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

/**
 * The emergency resource table's stock, shared by every incident (resources.yml, SOP appendix 4):
 * an append-only list of movements per resource, each holding the running total still allocated.
 * How much is on hand is the playbook's; how much of it is taken is this list's last entry.
 */
export type StockEntry = {
  resource: string;
  seq: number;
  /** Positive: allocated; negative: given back. */
  delta: number;
  /** Allocated after this movement (all incidents together). */
  allocated: number;
  incidentKey?: string;
  request?: string;
  by?: { id: string; name: string };
  at: Date;
  /** The operation that made it: one movement per operation, however often it is resumed. */
  op: string;
};

export type Movement = Pick<StockEntry, 'incidentKey' | 'request' | 'by' | 'op'> & { resource: string; delta: number };

/** `allocated` would pass what is on hand (or a return would give back more than is out): nothing was written. */
export type Short = { ok: false; allocated: number; available: number };
export type Moved = { ok: true; entry: StockEntry; again: boolean };

const entryId = (resource: string, seq: number) => `${resource}:${String(seq).padStart(9, '0')}`;
// Enough for any burst of concurrent allocators; a bound so a bug cannot spin forever.
const MAX_TRIES = 1000;

const plain = (doc: StockEntry & { _id?: string }): StockEntry => {
  const { _id: _ignored, ...entry } = doc;
  return entry;
};

/**
 * The last movement of a resource. Reads by `_id` only (the one query FerretDB answers from an
 * index): from the hint forward until an entry is missing. A stale hint costs a few reads more.
 */
export async function lastMovement(db: Db, resource: string): Promise<StockEntry | undefined> {
  const hint = ((await db.m.StockHint.findById(resource).lean()) as { seq: number } | null)?.seq ?? 0;
  let last: StockEntry | undefined;
  if (hint > 0) last = (await db.m.StockEntry.findById(entryId(resource, hint)).lean()) as StockEntry | undefined ?? undefined;
  // A hint is only ever raised to a seq that exists, so a missing one means a purge: start over.
  if (hint > 0 && !last) return walkFrom(db, resource, 0, undefined);
  return walkFrom(db, resource, hint, last);
}

async function walkFrom(db: Db, resource: string, seq: number, last: StockEntry | undefined): Promise<StockEntry | undefined> {
  for (let n = seq + 1; ; n++) {
    const next = (await db.m.StockEntry.findById(entryId(resource, n)).lean()) as StockEntry | null;
    if (!next) return last && plain(last);
    last = next;
  }
}

/** What is allocated now across all incidents. */
export async function allocatedOf(db: Db, resource: string): Promise<number> {
  return (await lastMovement(db, resource))?.allocated ?? 0;
}

/**
 * Takes (`delta` > 0) or gives back (`delta` < 0) stock, never past `onHand` nor below zero, however
 * many processes do it at once: each attempt appends the entry after the last one it read, and of
 * two that read the same one the unique `_id` lets one through; the other reads again and
 * decides again on the new total (so the second of two asking for the last kits is told what is
 * left). The same `op` twice (a resumed operation) returns the movement it made the first time.
 */
export async function moveStock(db: Db, move: Movement, onHand: number): Promise<Moved | Short> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const last = await lastMovement(db, move.resource);
    const allocated = last?.allocated ?? 0;
    const after = allocated + move.delta;
    if (after > onHand || after < 0) return { ok: false, allocated, available: Math.max(0, onHand - allocated) };
    const seq = (last?.seq ?? 0) + 1;
    const entry: StockEntry = { ...move, seq, allocated: after, at: db.now() };
    try {
      await db.m.StockEntry.create({ _id: entryId(move.resource, seq), ...entry });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // This operation moved stock already (it is being resumed after a crash), or someone else's
      // movement took this place and the next turn decides on the new total.
      const done = await movementOf(db, move.op);
      if (done) return { ok: true, entry: done, again: true };
      continue;
    }
    // Raised only to a seq that exists; losing this write costs the next reader a few reads.
    await db.m.StockHint.updateOne({ _id: move.resource }, { $max: { seq } }, { upsert: true }).catch(() => undefined);
    return { ok: true, entry, again: false };
  }
  throw new Error(`stock of ${move.resource}: ${MAX_TRIES} attempts lost to concurrent movements`);
}

/** The movement an operation made, if it made one. */
export async function movementOf(db: Db, op: string): Promise<StockEntry | undefined> {
  const doc = (await db.m.StockEntry.findOne({ op }).lean()) as StockEntry | null;
  return doc ? plain(doc) : undefined;
}

/** Every movement of a resource, oldest first (for the resource table and the report). */
export async function movementsOf(db: Db, resource: string): Promise<StockEntry[]> {
  const docs = (await db.m.StockEntry.find({ resource }).sort({ seq: 1 }).lean()) as StockEntry[];
  return docs.map(plain);
}
