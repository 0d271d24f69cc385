import type { Db } from '../store/connect.ts';
import { isDuplicateKey } from '../store/connect.ts';
import type { Proposal } from './model.ts';

/**
 * Proposals in their own collection (store/proposal-models.ts). Ids are global and dense: the
 * counter is a hint of where to start, the unique `_id` decides between concurrent proposals.
 */

const HINT = 'proposals';
const toProposal = (doc: Record<string, unknown> | null): Proposal | null => {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { ...(rest as unknown as Omit<Proposal, 'id'>), id: String(_id) };
};

export async function insertProposal(db: Db, fields: Omit<Proposal, 'id' | 'n' | 'status'>): Promise<Proposal> {
  const hint = (await db.m.Counter.findById(HINT).lean()) as { n: number } | null;
  let n = (hint?.n ?? 0) + 1;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await db.m.Proposal.create({ ...fields, _id: `P${n}`, n, status: 'open' });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Taken (a concurrent proposal, or a hint left behind by a crash): past the highest id at once,
      // read rather than tried id by id, so a lagging hint costs one failed write, not one per id.
      const last = (await db.m.Proposal.findOne({}, { n: 1 }).sort({ n: -1 }).lean()) as { n: number } | null;
      n = Math.max(n, last?.n ?? 0) + 1;
      continue;
    }
    // Only ever forward: a slower proposal must not set the hint back (a lower n matches nothing and
    // its upsert then hits the unique _id, which is fine).
    await db.m.Counter.updateOne({ _id: HINT, n: { $lt: n } }, { $set: { n } }, { upsert: true }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    return (await findProposal(db, `P${n}`))!;
  }
  throw new Error('no free proposal id');
}

export const findProposal = async (db: Db, id: string): Promise<Proposal | null> => toProposal((await db.m.Proposal.findById(id).lean()) as Record<string, unknown> | null);

/** The proposal an operation made before a crash cut it short (read only when resuming one). */
export const proposalOfOp = async (db: Db, op: string): Promise<Proposal | null> => toProposal((await db.m.Proposal.findOne({ op }).lean()) as Record<string, unknown> | null);

/** Every proposal, oldest first (a playbook's worth: small). */
export async function listProposals(db: Db, filter: { status?: string; plan?: string } = {}): Promise<Proposal[]> {
  const docs = (await db.m.Proposal.find(filter).lean()) as Record<string, unknown>[];
  return docs.map((d) => toProposal(d)!).sort((a, b) => a.n - b.n);
}

/** Open → rejected, once: a rejection of one applied or rejected already changes nothing. */
export async function markRejected(db: Db, id: string, by: string, reason: string, at: Date): Promise<void> {
  await db.m.Proposal.updateOne({ _id: id, status: 'open' }, { $set: { status: 'rejected', rejectedAt: at, rejectedBy: by, rejectReason: reason } });
}

/** Open → applied, once: a second mark (a resumed apply) changes nothing. */
export async function markApplied(db: Db, id: string, by: string, at: Date): Promise<void> {
  await db.m.Proposal.updateOne({ _id: id, status: 'open' }, { $set: { status: 'applied', appliedAt: at, appliedBy: by } });
}
