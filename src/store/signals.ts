import type { Db } from './connect.ts';
import { ignoreDuplicates, insertNew, isDuplicateKey } from './connect.ts';

/** The signals and warnings repository (issue 18); shapes below, schemas in early-warning-models.ts. */

export type SignalDoc = {
  _id: string;
  source: string;
  metric: string;
  value: number;
  at: Date;
  subject?: string;
  link?: string;
  dedupKey: string;
  receivedAt: Date;
  /** The insert batch (`B-…`) it was recorded in; absent on signals recorded before batches. */
  batch?: string;
  /** Only on signals recorded before batches: whether the rules had seen it. */
  evaluated?: boolean;
};

export type TrendPoint = { at: Date; value: number; source?: string; subject?: string; link?: string };
export type CardRef = { room: string; id: string };

export type Warning = {
  _id: string;
  rule: string;
  dedupKey: string;
  generation: number;
  open: boolean;
  openedAt?: Date;
  closedAt?: Date;
  points: TrendPoint[];
  lastBadAt?: Date;
  raised?: { generation: number; incident: string }[];
  /** Per platform, the card of the current generation once posted. */
  cards: Record<string, CardRef>;
  refreshes: number;
  rev: number;
  /** Per process (`p`), the highest batch number absorbed, and when (pruned after the rule's window). */
  absorbed?: { p: string; seq: number; at: Date }[];
  /** What the latest change implied, recorded with it so that a run cut short can finish it. */
  lastActions?: ('post' | 'refresh' | 'close' | 'raise')[];
  /** Closed by the quiet-close pass: false until its close card is recorded in the outbox (found again after a crash in between). */
  closeQueued?: boolean;
};

/**
 * Records a batch of signals in one round trip; returns the ids that were there already (replays,
 * whose insert stored nothing). Each `_id` is the request's signature, so this is the replay check.
 * The documents are written by the driver as they are, not through mongoose's per-document casting
 * and validation: the endpoint has validated them already, and casting cost more than the insert.
 */
export const insertSignals = (db: Db, docs: readonly SignalDoc[]): Promise<Set<string>> => insertNew(db, 'signals', docs);

/** Receipts for insert batches whose every warning has absorbed them (one insert for them all). */
export async function recordBatchesEvaluated(db: Db, batches: readonly { id: string; signals: number }[], at: Date): Promise<void> {
  if (batches.length === 0) return;
  try {
    await db.m.SignalBatch.insertMany(batches.map((b) => ({ _id: b.id, at, signals: b.signals })), { ordered: false });
  } catch (err) {
    // Already receipted: an evaluation run again after a crash between its receipt and our answer.
    ignoreDuplicates(err as { code?: number; writeErrors?: { code?: number }[] });
  }
}

/**
 * Signals accepted since `since` that no rule has seen (their process stopped first): those of
 * batches without a receipt, and old-style signals still marked unevaluated. Read at start only:
 * one scan of the window.
 */
export async function unevaluatedSignals(db: Db, since: Date): Promise<SignalDoc[]> {
  const found = (await db.m.Signal.find({ receivedAt: { $gte: since } }).sort({ receivedAt: 1 }).lean()) as unknown as SignalDoc[];
  // An old-style signal is a batch of its own, so its evaluation is receipted like any other.
  const recent = found.flatMap((s) => (s.batch ? [s] : s.evaluated === false ? [{ ...s, batch: `L-${s._id}` }] : []));
  const batches = [...new Set(recent.map((s) => s.batch!))];
  const done = new Set(batches.length ? (await db.m.SignalBatch.find({ _id: { $in: batches } }, { _id: 1 }).lean()).map((b) => String(b._id)) : []);
  return recent.filter((s) => !done.has(s.batch!));
}

/** Receipts older than `before` (the longest window): no start-up looks that far back. */
export async function purgeBatchReceipts(db: Db, before: Date): Promise<number> {
  return (await db.m.SignalBatch.deleteMany({ at: { $lt: before } })).deletedCount;
}

export async function findSignal(db: Db, id: string): Promise<SignalDoc | null> {
  return (await db.m.Signal.findById(id).lean()) as unknown as SignalDoc | null;
}

export async function countSignals(db: Db): Promise<number> {
  return db.m.Signal.countDocuments({});
}

export async function readWarning(db: Db, id: string): Promise<Warning | null> {
  return (await db.m.Warning.findById(id).lean()) as unknown as Warning | null;
}

const MAX_TRIES = 20;

/**
 * Read-modify-write of one warning under its revision (FerretDB applies updates as read-then-
 * write, so the guard is what keeps two evaluators from both opening it). `change` gets the
 * current state (a fresh one the first time) and returns the new one, or undefined to write
 * nothing; it may be called again after a lost race, so it must not act, only compute.
 */
export async function changeWarning(db: Db, fresh: Warning, change: (w: Warning) => Warning | undefined): Promise<{ before: Warning; after: Warning } | undefined> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const current = (await readWarning(db, fresh._id)) ?? undefined;
    const before = current ?? fresh;
    const next = change(structuredClone(before));
    if (!next) return undefined;
    const after = { ...next, rev: before.rev + 1 };
    if (!current) {
      try {
        await db.m.Warning.create(after);
        return { before, after };
      } catch (err) {
        if (isDuplicateKey(err)) continue;
        throw err;
      }
    }
    // The cards are written by the deliveries (recordWarningCard) between our read and write: left
    // alone here, except that a new generation starts with none.
    const { _id, cards, ...rest } = after;
    const set = after.generation !== before.generation ? { ...rest, cards } : rest;
    const r = await db.m.Warning.updateOne({ _id, rev: before.rev }, { $set: set });
    if (r.matchedCount === 1) return { before, after };
  }
  throw new Error(`warning ${fresh._id} changed ${MAX_TRIES} times while being evaluated`);
}

/** Many warnings by id in one query (on FerretDB one scan of the collection instead of a lookup each). */
export async function readWarnings(db: Db, ids: readonly string[]): Promise<Map<string, Warning>> {
  if (ids.length === 0) return new Map();
  const found = (await db.m.Warning.find({ _id: { $in: ids } }).lean()) as unknown as Warning[];
  return new Map(found.map((w) => [w._id, w]));
}

// Guarded updates side by side: FerretDB 1.24 answers a bulk of updates in minutes (measured: 100
// guarded updateOne in one bulkWrite did not return in 100 s; one by one they take ~3 ms each), so
// updates go one per warning, a few at a time, leaving the writer to the endpoint in between.
const UPDATES_IN_FLIGHT = 2;

/**
 * Many warnings' changes, each exactly as `changeWarning` would write it: the new ones in one
 * insert, the others by guarded updates. Returns the ids whose write did not apply — another
 * process changed the warning since `before` was read — for the caller to do one by one.
 */
export async function writeWarnings(db: Db, changes: readonly { before?: Warning; after: Warning }[]): Promise<Set<string>> {
  const lost = new Set<string>();
  const raw = db.conn.db!.collection<Warning>('warnings');
  const created = changes.filter((c) => !c.before);
  if (created.length) {
    try {
      await raw.insertMany(created.map((c) => ({ ...c.after })), { ordered: false, ignoreUndefined: true });
    } catch (err) {
      const e = err as { code?: number; writeErrors?: { code?: number; index: number }[] };
      ignoreDuplicates(e);
      for (const w of e.writeErrors ?? created.map((_, index) => ({ index }))) lost.add(created[w.index]!.after._id);
    }
  }
  const updated = changes.filter((c) => c.before);
  for (let i = 0; i < updated.length; i += UPDATES_IN_FLIGHT) {
    await Promise.all(
      updated.slice(i, i + UPDATES_IN_FLIGHT).map(async ({ before, after }) => {
        // As in changeWarning: the cards are the deliveries' to write, except that a new generation starts with none.
        const { _id, cards, ...rest } = after;
        const set = after.generation !== before!.generation ? { ...rest, cards } : rest;
        const r = await raw.updateOne({ _id, rev: before!.rev }, { $set: set }, { ignoreUndefined: true });
        if (r.matchedCount !== 1) lost.add(_id);
      }),
    );
  }
  return lost;
}

/** The card of generation `generation` on `platform`, once posted; a later generation's post is not overwritten. */
export async function recordWarningCard(db: Db, id: string, generation: number, platform: string, ref: CardRef): Promise<void> {
  await db.m.Warning.updateOne({ _id: id, generation }, { $set: { [`cards.${platform}`]: ref } });
}

export async function openWarnings(db: Db): Promise<Warning[]> {
  return (await db.m.Warning.find({ open: true }).lean()) as unknown as Warning[];
}

/** Warnings the quiet-close pass closed whose close card is not recorded yet (`closeQueued: false`; older ones have no flag). */
export async function closesToQueue(db: Db): Promise<Warning[]> {
  return (await db.m.Warning.find({ open: false, closeQueued: false }).lean()) as unknown as Warning[];
}
