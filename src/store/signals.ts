import type { Db } from './connect.ts';
import { ignoreDuplicates, isDuplicateKey } from './connect.ts';

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
};

/**
 * Records a batch of signals in one round trip; returns the ids that were there already (replays,
 * whose insert stored nothing). Each `_id` is the request's signature, so this is the replay check.
 */
export async function insertSignals(db: Db, docs: readonly SignalDoc[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  try {
    await db.m.Signal.insertMany(docs.map((d) => ({ ...d, evaluated: false })), { ordered: false });
    return new Set();
  } catch (err) {
    const e = err as { code?: number; writeErrors?: { code?: number; index: number }[] };
    ignoreDuplicates(e);
    return new Set(e.writeErrors?.length ? e.writeErrors.map((w) => docs[w.index]!._id) : docs.map((d) => d._id));
  }
}

export async function markEvaluated(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.m.Signal.updateMany({ _id: { $in: ids } }, { $set: { evaluated: true } });
}

/** Signals accepted since `since` that no rule has seen (their process stopped first). */
export async function unevaluatedSignals(db: Db, since: Date): Promise<SignalDoc[]> {
  return (await db.m.Signal.find({ evaluated: false, receivedAt: { $gte: since } }).sort({ receivedAt: 1 }).lean()) as unknown as SignalDoc[];
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

/** The card of generation `generation` on `platform`, once posted; a later generation's post is not overwritten. */
export async function recordWarningCard(db: Db, id: string, generation: number, platform: string, ref: CardRef): Promise<void> {
  await db.m.Warning.updateOne({ _id: id, generation }, { $set: { [`cards.${platform}`]: ref } });
}

export async function openWarnings(db: Db): Promise<Warning[]> {
  return (await db.m.Warning.find({ open: true }).lean()) as unknown as Warning[];
}
