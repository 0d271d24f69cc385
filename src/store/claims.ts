import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

/**
 * Claims `key` once, across all processes: the first insert wins, every later one sees a
 * duplicate-key error. This is the one concurrency primitive the store relies on, because
 * FerretDB 1.24 (SQLite) applies updates as read-then-write: 50 concurrent `$inc` on one
 * counter returned repeated values there, while a unique `_id` never let two inserts through.
 * `ref` records what the claim led to (e.g. the incident a delivery created).
 */
export async function claim(db: Db, key: string, ref?: string): Promise<boolean> {
  try {
    await db.m.Dedup.create({ _id: key, at: new Date(), ref });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export async function setClaimRef(db: Db, key: string, ref: string): Promise<void> {
  await db.m.Dedup.updateOne({ _id: key }, { $set: { ref } });
}

export async function claimRef(db: Db, key: string): Promise<string | undefined> {
  return ((await db.m.Dedup.findById(key).lean()) as { ref?: string } | null)?.ref ?? undefined;
}

/**
 * A claim that expires: for locks held across a few writes, so that a process that died
 * holding one does not block the rest forever.
 */
export async function claimLease(db: Db, key: string, leaseMs: number): Promise<boolean> {
  if (await claim(db, key)) return true;
  const held = (await db.m.Dedup.findById(key).lean()) as { at: Date } | null;
  // One process may take over a lease its holder left stale.
  return Boolean(held && Date.now() - held.at.getTime() > leaseMs && (await claim(db, `${key}:takeover`)));
}

/**
 * Like claimLease, but says whether the claim is new or taken over from a holder that went
 * quiet (so the taker knows to check what the holder already did), and lets a taker that dies
 * in turn be taken over too: each generation is its own unique key.
 */
export async function takeLease(db: Db, key: string, leaseMs: number, generations = 5): Promise<'fresh' | 'takeover' | false> {
  for (let g = 0; g < generations; g++) {
    const k = g === 0 ? key : `${key}:t${g}`;
    if (await claim(db, k)) return g === 0 ? 'fresh' : 'takeover';
    const held = (await db.m.Dedup.findById(k).lean()) as { at: Date } | null;
    if (held && Date.now() - held.at.getTime() <= leaseMs) return false;
  }
  return false;
}

export async function isClaimed(db: Db, key: string): Promise<boolean> {
  return Boolean(await db.m.Dedup.exists({ _id: key }));
}

/** Whether `key` is unclaimed, held within its lease, or claimed longer ago: a cheap look before doing work. */
export async function leaseState(db: Db, key: string, leaseMs: number): Promise<'free' | 'held' | 'stale'> {
  const held = (await db.m.Dedup.findById(key).lean()) as { at: Date } | null;
  return !held ? 'free' : Date.now() - held.at.getTime() <= leaseMs ? 'held' : 'stale';
}
