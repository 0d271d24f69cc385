import type { Core } from '../core.ts';
import { personRef } from './roster.ts';
import { canTransition, type IncidentStatus } from '../domain/lifecycle.ts';
import { randomUUID } from 'node:crypto';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { boardAdd, boardRemove } from '../store/board.ts';
import { stepsOf } from '../store/steps.ts';
import { scopeOf } from './service.ts';
import { observe } from '../metrics/observe.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { gapsFor, OVERRIDE_EVENT, type Gap } from './phase-guards.ts';
import { scheduleReportDue } from '../report/due.ts';

export type PhaseChange = { changed: true; from: IncidentStatus; incident: Incident } | { changed: false; from: IncidentStatus; incident: Incident; gaps?: Gap[] };

type PhaseIntent = { incidentKey: string; to: IncidentStatus; actor: PersonRef; at: number; reason?: string };
// `gaps`: what the target phase's guards found missing (src/incidents/phase-guards.ts) — why it did not move, or what a reason overrode.
type PhaseNote = { changed: boolean; from: IncidentStatus; gaps?: Gap[] };

const phaseOp = defineOp('phase', async (core: Core, key: string, { incidentKey, to, actor, at, reason }: PhaseIntent, resumed: boolean): Promise<PhaseNote> => {
  // Steps are read before the lock (a guard reads them there): a tick in between only makes a
  // refusal list a step just done, and the lead tries again or gives a reason.
  const before = await findIncident(core.db, incidentKey);
  const steps = before ? await stepsOf(core.db, before) : [];
  const { incident, note } = await updateIncidentOnce<PhaseNote>(core.db, incidentKey, key, (current) => {
    const allowed = canTransition(current.status, to);
    const gaps = allowed ? gapsFor(core.playbook, current, to, steps) : [];
    const changed = allowed && (!gaps.length || Boolean(reason));
    // Entering review also stamps when, for the report's due time (src/report/due.ts).
    const set = changed ? { status: to, ...(to === 'review' ? { reviewAt: new Date(at) } : {}) } : {};
    return { set, note: { changed, from: current.status, ...(gaps.length ? { gaps } : {}) } };
  });
  if (!note.changed) return note;
  const { from } = note;
  if (note.gaps) await appendEvent(core.db, incidentKey, { at: new Date(at), type: OVERRIDE_EVENT, actor: actor.name, data: { key: incidentKey, to, reason: reason!, gaps: note.gaps } }, { once: `${key}:override`, lookBack: resumed ? 50 : 1 });
  await appendEvent(core.db, incidentKey, { at: new Date(at), type: 'status.changed', actor: actor.name, data: { from, to } }, { once: key, lookBack: resumed ? 50 : 1 });
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'phase-changed', from, to, by: actor, at }, { kind: 'refresh-summary' }], `phase:${from}-${to}:${at}`);
  // The summary report falls due from here; its alert id is fixed by `at`, so a resumed run adds nothing.
  if (to === 'review') await scheduleReportDue(core, incident, new Date(at), steps);
  if (to === 'closed') {
    await boardRemove(core.db, incidentKey);
    if (incident.drill) await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'drill-scorecard' }]);
    if (!resumed) observe(core).incidentClosed();
  }
  // Reopened: back on the open-incident board (adding twice keeps one entry).
  if (from === 'closed') await boardAdd(core.db, { key: incidentKey, raisedAt: incident.raisedAt, scope: scopeOf(incident) });
  return note;
});

/**
 * Moves the incident to its next SOP phase (the allowed moves are in src/domain/lifecycle.ts).
 * Review ends the deadline alerts but the review phase's own steps' (the sweep drops them,
 * src/domain/escalation.ts), closed ends them all; a closed incident leaves the open-incident board. One operation per call (or per platform delivery): a crash in between is
 * finished by the recovery pass.
 */
export async function changePhase(core: Core, incident: Incident, to: IncidentStatus, actor: PersonRef, eventKey?: string, reason?: string): Promise<PhaseChange> {
  const key = `phase:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result } = await phaseOp.run(core, key, { incidentKey: incident.key, to, actor: personRef(actor), at: core.now().getTime(), ...(reason ? { reason } : {}) });
  const updated = (await findIncident(core.db, incident.key))!;
  return { changed: result.changed, from: result.from, incident: updated, ...(result.gaps && !result.changed ? { gaps: result.gaps } : {}) } as PhaseChange;
}
