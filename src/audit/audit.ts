import type { Db } from '../store/connect.ts';
import { readAuditSnapshot } from '../store/snapshot.ts';
import { readAnchors } from './anchors.ts';
import { runAudit, type AuditReport, type AuditScope } from './run.ts';

export type AnchorsAt = { file: string; identity: string };

/** Reads the database and the anchors file, and runs every check (the database is only read). */
export async function auditDatabase(db: Db, key: Uint8Array, anchors: AnchorsAt, scope: AuditScope = {}): Promise<AuditReport> {
  const [snapshot, read] = await Promise.all([readAuditSnapshot(db, scope.only), readAnchors(anchors.file, key, anchors.identity)]);
  return runAudit(snapshot, read, key, scope);
}
