/**
 * Reading and writing report files (src/report); the schema, and why each is written once, is in
 * report-model.ts.
 */
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

export type ReportFile = {
  _id: string;
  incidentKey: string;
  final: boolean;
  format: string;
  name: string;
  bytes: Buffer;
  sha256: string;
  by: { id: string; name: string };
  at: Date;
};

export const finalReportId = (key: string) => `${key}:final`;

/** A stored report file, its bytes as a Buffer whatever the driver hands back. */
export async function findReportFile(db: Db, id: string): Promise<ReportFile | null> {
  const d = (await db.m.ReportFile.findById(id).lean()) as (Omit<ReportFile, 'bytes'> & { bytes: unknown }) | null;
  if (!d) return null;
  const raw = d.bytes as Buffer | Uint8Array | { buffer: Uint8Array };
  const bytes = Buffer.isBuffer(raw) ? raw : raw instanceof Uint8Array ? Buffer.from(raw) : Buffer.from(raw.buffer);
  return { ...d, bytes };
}

export const findFinalReport = (db: Db, key: string) => findReportFile(db, finalReportId(key));

/** Stores the file unless one of that id is stored already; either way returns the one stored. */
export async function storeReportFile(db: Db, file: ReportFile): Promise<ReportFile> {
  try {
    await db.m.ReportFile.create(file);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return (await findReportFile(db, file._id))!;
}
