import type { Core } from '../core.ts';
import { firstReportAlert, type Alert, type Person } from '../domain/escalation.ts';
import { personRef } from '../incidents/roster.ts';
import type { Playbook } from '../playbook/schema.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { scheduleAlerts } from '../store/alerts.ts';
import type { Incident, Step } from '../store/records.ts';
import { findFinalReport } from '../store/reports.ts';

/**
 * The summary report falls due a playbook-set time after the incident enters review (issue 17;
 * levels.yml `report_due`, 5 days when absent). The phase operation schedules its first alert in
 * the same operation that moves the incident into review (src/incidents/phase.ts), so a crash in
 * between is finished by the recovery pass; the alert's id is fixed by the entry time, so doing it
 * again is a no-op. The ladder is the level's: the report's owners at the due time, then the rungs
 * after. Making the report final ticks the plan's report step (src/report/final.ts), which ends the
 * ladder; so does closing (closed watches nothing) and a later entry into review, which starts its
 * own ladder counted from then.
 */

export const DEFAULT_REPORT_DUE_MS = 5 * 24 * 60 * 60_000;

/** The plans' step for the report (the same id src/report/final.ts ticks). */
const REPORT_STEP = 'summary-report';

export const reportDueMs = (pb: Playbook) => pb.reportDue ?? DEFAULT_REPORT_DUE_MS;

/** The plan's report step of this incident, when its plan has one. */
export const reportStep = (steps: readonly Step[]) => steps.find((s) => s.planStepId === REPORT_STEP);

export function reportAlert(pb: Playbook, incident: Pick<Incident, 'key' | 'level'>, enteredAt: Date, steps: readonly Step[]): Alert {
  return firstReportAlert(incident.key, enteredAt, reportDueMs(pb), policyOf(pb, incident.level).ladder, reportStep(steps)?.n);
}

export async function scheduleReportDue(core: Core, incident: Pick<Incident, 'key' | 'level'>, enteredAt: Date, steps: readonly Step[]): Promise<void> {
  await scheduleAlerts(core.db, [reportAlert(core.playbook, incident, enteredAt, steps)], core.now);
}

/** Who owns the report: whoever holds the plan's report step, else the incident's lead. */
export function reportOwners(incident: Pick<Incident, 'lead'>, step: Pick<Step, 'owners'> | null): Person[] {
  if (step?.owners.length) return step.owners.map(personRef);
  return incident.lead ? [personRef(incident.lead)] : [];
}

/** Whether the report needs no more reminders: it is final, or its step was ticked. */
export async function reportDone(core: Core, incidentKey: string, step: Pick<Step, 'status'> | null): Promise<boolean> {
  if (step?.status === 'done') return true;
  return Boolean(await findFinalReport(core.db, incidentKey));
}
