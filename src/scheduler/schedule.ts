import type { Core } from '../core.ts';
import { firstAckAlert, firstRoleAlert, firstStatementAlert, firstStepAlert, firstUpdateAlert, type Alert, type Ladder } from '../domain/escalation.ts';
import { planRoles } from '../people/roles.ts';
import type { Playbook } from '../playbook/schema.ts';
import { scheduleAlerts } from '../store/alerts.ts';
import type { Incident, Step } from '../store/records.ts';

export type Policy = { ladder: Ladder; cadence: number; acknowledge: number; firstStatement: number; statementEvery?: number };

/** The level's deadlines policy from the playbook: one place the scheduler, cards and simulation read it. */
export function policyOf(playbook: Playbook, level: number): Policy {
  const l = playbook.levels.find((x) => x.level === level)!;
  return { ladder: l.escalation, cadence: l.response.update_every, acknowledge: l.response.acknowledge, firstStatement: l.response.first_statement, statementEvery: l.response.statement_every };
}

/** The first alert of everything a new incident watches: each step, the acknowledgement, the update cadence, the first statement, each plan role. */
export function raiseAlerts(playbook: Playbook, incident: Incident, steps: readonly Pick<Step, 'n' | 'version' | 'dueAt'>[]): Alert[] {
  const { ladder, cadence, acknowledge, firstStatement } = policyOf(playbook, incident.level);
  const ackDueAt = incident.ackDueAt ?? new Date(incident.raisedAt.getTime() + acknowledge);
  return [
    ...steps.map((s) => firstStepAlert(incident.key, s, ladder)),
    firstAckAlert(incident.key, ackDueAt, ladder),
    firstUpdateAlert(incident.key, 0, incident.raisedAt, cadence),
    firstStatementAlert(incident.key, 0, new Date(incident.raisedAt.getTime() + firstStatement), ladder),
    // Every plan role is watched; one held by then is dropped when it falls due, unsent.
    ...planRoles(playbook, incident).map((role) => firstRoleAlert(incident.key, role, ackDueAt, ladder)),
  ];
}

export async function scheduleRaise(core: Core, incident: Incident, steps: readonly Pick<Step, 'n' | 'version' | 'dueAt'>[]): Promise<void> {
  await scheduleAlerts(core.db, raiseAlerts(core.playbook, incident, steps), core.now);
}

/** A reopened step is watched again from its deadline, or from now when that has passed. */
export async function scheduleReopened(core: Core, incident: Incident, step: Pick<Step, 'n' | 'version' | 'dueAt'>): Promise<void> {
  await scheduleAlerts(core.db, [firstStepAlert(incident.key, step, policyOf(core.playbook, incident.level).ladder, core.now())], core.now);
}
