import type { Db } from './connect.ts';

/**
 * What is kept, and for how long, of the store's bookkeeping (never the record: incidents,
 * steps and the timeline are kept for good).
 *
 * - Claims and done marks (`dedup`): a claim guards work for the seconds to minutes it takes, a
 *   done mark answers a platform's retry (minutes) or a person resubmitting a form (hours). After
 *   CLAIMS_MS nothing can still ask about one: leases are 30–60 s, a delivery retry minutes, an
 *   outbox back-off at most a minute, the slot ring is read at least every 64 minutes.
 * - Drafts of Discord forms: abandoned after DRAFTS_MS (a form is filled in within minutes).
 * - Failed outbox entries: their failure is in the timeline; the entry itself is kept FAILED_MS
 *   for an operator to look at, and for good under a legal hold.
 * - Unfinished operations (`ops`) are never purged: the recovery pass finishes them.
 *
 * One scheduled purge on every database (daily): FerretDB 1.24 has no TTL indexes, and one code
 * path is easier to trust than two. On MongoDB each delete is one indexed range scan.
 */
export const RETENTION = {
  claimsMs: 7 * 24 * 3_600_000,
  draftsMs: 24 * 3_600_000,
  failedMs: 30 * 24 * 3_600_000,
};

export type PurgeResult = { claims: number; drafts: number; failed: number };

export async function purge(db: Db, retention = RETENTION): Promise<PurgeResult> {
  const now = db.now().getTime();
  const before = (ms: number) => new Date(now - ms);
  const held = ((await db.m.Incident.find({ legalHold: true }, { _id: 1 }).lean()) as unknown as { _id: string }[]).map((i) => i._id);
  const [claims, drafts, failed] = await Promise.all([
    db.m.Dedup.deleteMany({ at: { $lt: before(retention.claimsMs) } }),
    db.m.Draft.deleteMany({ createdAt: { $lt: before(retention.draftsMs) } }),
    db.m.Outbox.deleteMany({ status: 'failed', createdAt: { $lt: before(retention.failedMs) }, ...(held.length ? { incidentKey: { $nin: held } } : {}) }),
  ]);
  return { claims: claims.deletedCount, drafts: drafts.deletedCount, failed: failed.deletedCount };
}
