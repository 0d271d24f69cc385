import type { Db } from './connect.ts';
import { ignoreDuplicates, insertNew, isDuplicateKey } from './connect.ts';
import { groupCommit } from './group-commit.ts';

/**
 * Claims `key` once, across all processes: the first insert wins, every later one sees a
 * duplicate-key error. This is the one concurrency primitive the store relies on, because
 * FerretDB 1.24 (SQLite) applies updates as read-then-write: 50 concurrent `$inc` on one
 * counter returned repeated values there, while a unique `_id` never let two inserts through.
 * `ref` records what the claim led to (e.g. the incident a delivery created).
 *
 * The rule every caller keeps: a claim alone must never be the only record of work begun.
 * Either the claim is a lease (takeLease: it expires, and whoever takes over redoes the work), or
 * the work it guards is recorded before the claim in a form the next attempt can finish (ops.ts).
 */
export async function claim(db: Db, key: string, ref?: string): Promise<boolean> {
  try {
    await db.m.Dedup.create({ _id: key, at: db.now(), ref });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Claims several keys in one round trip, keys already claimed left as they are: for marks whose
 * writer needs no answer, such as alerts' done marks, which any number of processes may write.
 */
export async function claimAll(db: Db, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  const at = db.now();
  await db.m.Dedup.insertMany(
    keys.map((_id) => ({ _id, at })),
    { ordered: false },
  ).catch(ignoreDuplicates);
}

/** Claims keys in one round trip and answers which of them were claimed before. */
export async function claimMany(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const at = db.now();
  return insertNew(db, 'dedup', keys.map((_id) => ({ _id, at })));
}

/**
 * First-sight claims by group commit (the Slack receiver's replay check, which every request waits
 * for before its ack): on FerretDB's single writer, 50 requests at once had waited for up to 50
 * inserts. A key asked twice in one batch is first seen by the first.
 */
export function claimBatcher(db: Db): (key: string) => Promise<boolean> {
  return groupCommit(async (keys: string[]) => {
    const before = await claimMany(db, [...new Set(keys)]);
    const given = new Set<string>();
    return keys.map((k) => {
      const first = !before.has(k) && !given.has(k);
      given.add(k);
      return first;
    });
  });
}

export async function setClaimRef(db: Db, key: string, ref: string): Promise<void> {
  await db.m.Dedup.updateOne({ _id: key }, { $set: { ref } });
}

export async function claimRef(db: Db, key: string): Promise<string | undefined> {
  return ((await db.m.Dedup.findById(key).lean()) as { ref?: string } | null)?.ref ?? undefined;
}

export async function releaseClaim(db: Db, key: string): Promise<void> {
  await db.m.Dedup.deleteOne({ _id: key });
}

/** A lease taken: `gen` 0 is the first holder; each later generation took over from a holder that went quiet. */
export type Lease = { base: string; key: string; gen: number; takeover: boolean };

// Enough for any real chain of holders dying in turn; a bound so a bug cannot loop forever.
const MAX_GENERATIONS = 10_000;

const generationKey = (key: string, gen: number) => (gen === 0 ? key : `${key}:t${gen}`);

/**
 * A claim that expires on the store's clock: for work held across a few writes, so that a process
 * that died holding it blocks the rest for `leaseMs` at most. Each generation is its own unique
 * key, so any number of holders may die in turn: the next one always finds a way in, and never two
 * at once (two takers of the same stale generation race for the same next key).
 */
export async function takeLease(db: Db, key: string, leaseMs: number): Promise<Lease | false> {
  for (let gen = 0; gen < MAX_GENERATIONS; gen++) {
    const k = generationKey(key, gen);
    if (await claim(db, k)) return { base: key, key: k, gen, takeover: gen > 0 };
    const held = (await db.m.Dedup.findById(k).lean()) as { at: Date } | null;
    // Gone meanwhile (purged): the next generation decides.
    if (held && db.now().getTime() - held.at.getTime() <= leaseMs) return false;
  }
  throw new Error(`lease ${key} has had ${MAX_GENERATIONS} holders; something takes it over in a loop`);
}

/** The lease's first generation, if nobody ever held it: one insert and no read, a cheap first try before takeLease. */
export async function firstLease(db: Db, key: string): Promise<Lease | undefined> {
  return (await claim(db, key)) ? { base: key, key, gen: 0, takeover: false } : undefined;
}

/**
 * Whether nobody took the lease over yet: checked right before each write made under it, so a
 * holder that stalled past its lease and wakes writes nothing the taker writes too.
 */
export async function stillHeld(db: Db, lease: Lease): Promise<boolean> {
  return !(await isClaimed(db, generationKey(lease.base, lease.gen + 1)));
}

export async function isClaimed(db: Db, key: string): Promise<boolean> {
  return Boolean(await db.m.Dedup.exists({ _id: key }));
}

/** Whether `key` is unclaimed, held within its lease, or claimed longer ago: a cheap look before doing work. */
export async function leaseState(db: Db, key: string, leaseMs: number): Promise<'free' | 'held' | 'stale'> {
  const held = (await db.m.Dedup.findById(key).lean()) as { at: Date } | null;
  return !held ? 'free' : db.now().getTime() - held.at.getTime() <= leaseMs ? 'held' : 'stale';
}
