import { createHash } from 'node:crypto';
import { type Core, UserError } from '../core.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import type { Locale } from '../playbook/text.ts';
import { findIncident, type Incident } from '../store/incidents.ts';
import { readOp } from '../store/ops.ts';
import { stepsOf } from '../store/steps.ts';
import { setStepDone } from '../incidents/tick.ts';
import type { PersonRef } from '../store/records.ts';
import { findFinalReport, finalReportId, storeReportFile, type ReportFile } from '../store/reports.ts';
import { appendEvent } from '../store/timeline.ts';
import { POSTED_FORMAT, reportBytes, reportFileName } from './file.ts';
import { buildReport } from './model.ts';

/**
 * The final report: frozen once per incident. Its bytes are stored (`<KEY>:final`, never
 * replaced), their SHA-256 goes into the hash-chained timeline (`report.finalised`), and the
 * final file is posted in the war room. Drafts are rendered afresh from the record every time;
 * the final one is read back, byte for byte, by everyone after (the CLI's --final, a re-post).
 */

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The phases in which the record is complete enough to freeze: the incident is resolved and under review, or closed. */
const FINAL_PHASES = new Set(['review', 'closed']);

/** The plans' step for the report (playbooks/plans/*.yml: "step ids are referenced by the bot"). */
export const REPORT_STEP = 'summary-report';

type Intent = { incidentKey: string; actor: PersonRef; at: number };
export type Finalised = { sha256: string; at: number; by: PersonRef };

/**
 * One operation per incident (its key is the incident's, not the delivery's): two leads' clicks,
 * a replayed request or a resumed crash all finish the one finalisation. Writes, each idempotent:
 * the report (insert; an existing one is kept), the event (marked with the op key), the plan's
 * report step ticked, the post.
 */
const finaliseOp = defineOp('report-final', async (core: Core, key: string, { incidentKey, actor, at }: Intent, resumed: boolean): Promise<Finalised> => {
  const when = new Date(at);
  let report = await findFinalReport(core.db, incidentKey);
  if (!report) {
    const bytes = await reportBytes(core, await buildReport({ ...core, now: () => when }, incidentKey));
    const fresh: ReportFile = { _id: finalReportId(incidentKey), incidentKey, final: true, format: POSTED_FORMAT, name: reportFileName(incidentKey, true), bytes, sha256: sha256(bytes), by: actor, at: when };
    report = await storeReportFile(core.db, fresh);
  }
  const data = { sha256: report.sha256, format: report.format, name: report.name, size: report.bytes.length, by: actor.id };
  await appendEvent(core.db, incidentKey, { type: 'report.finalised', actor: actor.name, data, at: when }, { once: key, lookBack: 50 });
  // The plan's "write the summary report" step is done now: its escalation ladder, which runs in
  // review (src/domain/escalation.ts), stops reminding the lead. A tick is once by itself (tick.ts).
  const step = (await stepsOf(core.db, (await findIncident(core.db, incidentKey))!)).find((s) => s.planStepId === REPORT_STEP && s.status === 'open');
  if (step) await setStepDone(core, (await findIncident(core.db, incidentKey))!, step.n, true, actor);
  const incident = (await findIncident(core.db, incidentKey))!;
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'post-report', final: true, by: actor }], 'final');
  return { sha256: report.sha256, at: report.at.getTime(), by: report.by };
});

export const finalOpKey = (key: string) => `report-final:${key}`;

export type FinalOutcome = Finalised & { already: boolean };

/**
 * Makes the incident's report final, or says when it already is (whoever asks: it is no secret
 * that the record is frozen). Only the lead freezes it, and only once the incident is in review.
 */
export async function finaliseReport(core: Core, incident: Incident, actor: PersonRef, L: Locale): Promise<FinalOutcome> {
  const opKey = finalOpKey(incident.key);
  const stored = await findFinalReport(core.db, incident.key);
  if (stored) {
    // Stored by a finalisation that may not have finished (a crash before its event): running the
    // one operation again finishes it with the intent it recorded, or answers the finished result.
    if (await readOp(core.db, opKey)) await finaliseOp.run(core, opKey, { incidentKey: incident.key, actor, at: core.now().getTime() });
    return { sha256: stored.sha256, at: stored.at.getTime(), by: stored.by, already: true };
  }
  if (!incident.lead) throw new UserError(t(L, 'upload.err.noLead', { key: incident.key }));
  if (incident.lead.id !== actor.id) throw new UserError(t(L, 'upload.err.notLead', { key: incident.key, lead: incident.lead.name }));
  if (!FINAL_PHASES.has(incident.status)) {
    throw new UserError(t(L, 'upload.err.notReview', { key: incident.key, phase: t(L, `phase.${incident.status}` as MessageKey) }));
  }
  const { result, duplicate } = await finaliseOp.run(core, opKey, { incidentKey: incident.key, actor, at: core.now().getTime() });
  return { ...result, already: duplicate };
}
