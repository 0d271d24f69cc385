import { claim, isClaimed, claimRef, takeLease, type Lease } from './claims.ts';
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

/**
 * Operations that write more than once (a tick: the step, the incident's open deadlines, the
 * timeline, the outbox) are recorded as an intent before their first write, so a crash at any
 * point leaves something the next attempt can finish — never a claim that only says "taken".
 *
 * The rule for every multi-write operation (docs/ARCHITECTURE.md, "Crash safety"):
 * 1. beginOp records the intent (`ops`, unique `_id`) and takes a lease on it;
 * 2. every write the operation makes is idempotent given the intent: an absolute `$set` guarded by
 *    the version or revision it read, a timeline event marked with the op key, outbox entries with
 *    fixed ids — so running it again, in whole or from anywhere in the middle, changes nothing twice;
 * 3. finishOp marks it done (`done:<key>`, with its result) and removes the intent.
 * Whoever finds an unfinished intent whose lease went stale (the next click, the recovery pass
 * at start and every minute) runs it again under the next lease generation.
 */

export type OpRun<I> = { state: 'run'; intent: I; lease: Lease; resumed: boolean };
export type OpOutcome<I> = OpRun<I> | { state: 'done'; result?: string } | { state: 'busy' };

export const OP_LEASE_MS = 30_000;

const doneKey = (key: string) => `done:${key}`;
const leaseKey = (key: string) => `op:${key}`;

/**
 * Starts (or resumes) the operation `key`. The lease comes first and the intent second, so the one
 * who records an intent is the one who runs it; a holder that died before recording left nothing
 * to finish, and one that died after is resumed with the intent it recorded.
 */
export async function beginOp<I extends object>(db: Db, key: string, kind: string, intent: I, leaseMs = OP_LEASE_MS): Promise<OpOutcome<I>> {
  if (await isClaimed(db, doneKey(key))) return { state: 'done', result: await claimRef(db, doneKey(key)) };
  const lease = await takeLease(db, leaseKey(key), leaseMs);
  if (!lease) return { state: 'busy' };
  const earlier = lease.takeover ? ((await db.m.Op.findById(key).lean()) as { intent: I } | null) : null;
  // Finished by the holder before us, between the first look and the lease.
  if (await isClaimed(db, doneKey(key))) return { state: 'done', result: await claimRef(db, doneKey(key)) };
  if (earlier) return { state: 'run', intent: earlier.intent, lease, resumed: true };
  try {
    await db.m.Op.create({ _id: key, kind, intent, at: db.now() });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Recorded by a holder whose lease went stale while we read: theirs is the intent to finish.
    const recorded = (await db.m.Op.findById(key).lean()) as { intent: I } | null;
    if (recorded) return { state: 'run', intent: recorded.intent, lease, resumed: true };
  }
  return { state: 'run', intent, lease, resumed: false };
}

/** Marks the operation done; its result (e.g. the incident a raise created) answers later attempts. */
export async function finishOp(db: Db, key: string, result?: string): Promise<void> {
  await claim(db, doneKey(key), result);
  await db.m.Op.deleteOne({ _id: key });
}

/**
 * Marks the operation `key` done before anyone ran it, as `by` (a level change re-timing a step
 * takes the step's pending tick off the table: the tick, arriving, re-reads the step). True when
 * `by` holds it — now or from an earlier attempt of `by` — false when someone else holds or did it.
 */
export async function preemptOp(db: Db, key: string, by: string): Promise<boolean> {
  const mine = async () => (await claimRef(db, doneKey(key))) === by;
  if (await isClaimed(db, doneKey(key))) return mine();
  const lease = await takeLease(db, leaseKey(key), OP_LEASE_MS);
  if (!lease) return false;
  // A holder that died after recording its intent: that operation is resumed, not pre-empted.
  if (lease.takeover && (await db.m.Op.exists({ _id: key }))) return false;
  return (await claim(db, doneKey(key), by)) || mine();
}

/** Looks again, a few times, at an operation someone else holds: most finish within a second. */
export async function awaitOp(db: Db, key: string, tries = 40): Promise<string | undefined | false> {
  for (let i = 0; i < tries; i++) {
    if (await isClaimed(db, doneKey(key))) return (await claimRef(db, doneKey(key))) ?? undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** The intent an unfinished operation recorded, if it is still unfinished. */
export async function readOp<I>(db: Db, key: string): Promise<I | undefined> {
  return ((await db.m.Op.findById(key).lean()) as { intent: I } | null)?.intent;
}

export type PendingOp = { key: string; kind: string; intent: Record<string, unknown>; at: Date };

/** Unfinished operations whose first attempt began longer than `leaseMs` ago: the recovery pass's work. */
export async function staleOps(db: Db, leaseMs = OP_LEASE_MS): Promise<PendingOp[]> {
  const cutoff = db.now().getTime() - leaseMs;
  const docs = (await db.m.Op.find({}).lean()) as unknown as { _id: string; kind: string; intent: Record<string, unknown>; at: Date }[];
  const stale: PendingOp[] = [];
  for (const d of docs.filter((x) => x.at.getTime() <= cutoff)) {
    // Done, but its holder died before removing the intent (the last write of finishOp).
    if (await isClaimed(db, doneKey(d._id))) await db.m.Op.deleteOne({ _id: d._id });
    else stale.push({ key: d._id, kind: d.kind, intent: d.intent, at: d.at });
  }
  return stale;
}
