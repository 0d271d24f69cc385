/**
 * Reading and writing final reports (src/report/final.ts); the schema is in report-model.ts. A final
 * report is inserted once and never updated: see FinalReportSchema.
 */
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

export type FinalReport = { _id: string; incidentKey: string; format: string; name: string; bytes: Buffer; sha256: string; by: { id: string; name: string }; at: Date };

export const finalReportId = (key: string) => `${key}:final`;

/** The stored final report, bytes as a Buffer whatever the driver hands back. */
export async function findFinalReport(db: Db, key: string): Promise<FinalReport | null> {
  const d = (await db.m.FinalReport.findById(finalReportId(key)).lean()) as (Omit<FinalReport, 'bytes'> & { bytes: unknown }) | null;
  if (!d) return null;
  const raw = d.bytes as { buffer?: ArrayBuffer | Buffer } | Buffer | Uint8Array;
  const bytes = Buffer.isBuffer(raw) ? raw : raw instanceof Uint8Array ? Buffer.from(raw) : Buffer.from((raw as { buffer: Buffer }).buffer);
  return { ...d, bytes };
}

/** Stores the final report unless one is stored already; either way returns the one stored. */
export async function storeFinalReport(db: Db, report: FinalReport): Promise<FinalReport> {
  try {
    await db.m.FinalReport.create(report);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return (await findFinalReport(db, report.incidentKey))!;
}
