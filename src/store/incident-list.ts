import type { Db } from './connect.ts';
import type { Incident } from './records.ts';

/**
 * Every incident raised at or after `since` (all of them without it), oldest first: for reports
 * over many incidents (`crisis-bot metrics`), never a hot path — on FerretDB this query scans.
 */
export async function incidentsRaisedSince(db: Db, since?: Date): Promise<Incident[]> {
  return (await db.m.Incident.find(since ? { raisedAt: { $gte: since } } : {}).sort({ raisedAt: 1 }).lean()) as unknown as Incident[];
}
