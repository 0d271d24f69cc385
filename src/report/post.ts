import { randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { enqueue } from '../outbox/enqueue.ts';
import type { Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { findFinalReport } from '../store/reports.ts';
import { reportFileName } from './file.ts';

/**
 * `/crisis report KEY post`: the report goes into the war room as a file, with its summary card,
 * through the outbox (deliveries.ts) like every platform effect. One write — the outbox entry, its
 * id keyed by the platform's delivery so a replayed request adds nothing. Once the report is final
 * it is the final file that is posted again: a draft of a frozen record would only confuse.
 */
export async function requestReportPost(core: Core, incident: Incident, by: PersonRef, eventKey?: string): Promise<{ file: string; final: boolean }> {
  const final = Boolean(await findFinalReport(core.db, incident.key));
  await enqueue(core, incident, [{ kind: 'post-report', final, by }], `post:${eventKey ?? randomUUID()}`);
  return { file: reportFileName(incident.key, final), final };
}
