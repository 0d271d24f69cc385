import { randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { firstRtoAlert, mark, type FunctionStatus, type ServiceState } from '../domain/continuity.ts';
import { personRef } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import type { BusinessFunction } from '../playbook/continuity.ts';
import { scheduleAlerts } from '../store/alerts.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';

/**
 * Marking a critical business function down, degraded or restored in an incident: one operation
 * (src/ops/define.ts) keyed by the platform delivery. The incident's list is written under its
 * revision lease (so two people marking two functions at once both land), then the timeline
 * event, the first alert of a new outage's RTO ladder (a fixed id: scheduling it again adds
 * nothing) and the war room's Business continuity card through the outbox.
 */

export const SERVICE_OP = 'service';

export const functionsOf = (core: Core): BusinessFunction[] => core.playbook.continuity?.functions ?? [];
export const functionById = (core: Core, id: string) => functionsOf(core).find((f) => f.id === id);

export type ServiceRefusal = 'same' | 'notAffected';
type Intent = { incidentKey: string; fn: string; state: ServiceState; note?: string; actor: PersonRef; at: number };
type Note = { refused?: ServiceRefusal; from?: ServiceState; outage?: number };

const serviceOp = defineOp(SERVICE_OP, async (core: Core, key: string, { incidentKey, fn, state, note: words, actor, at }: Intent, resumed: boolean): Promise<Note> => {
  const when = new Date(at);
  const { incident, note } = await updateIncidentOnce<Note & { started?: boolean }>(core.db, incidentKey, key, (current) => {
    const r = mark(current.continuity ?? [], { id: fn, state, by: actor, at: when, note: words });
    if ('refused' in r) return { set: {}, note: { refused: r.refused } };
    return { set: { continuity: r.list }, note: { from: r.from, outage: r.outage, started: r.started } };
  });
  if (note.refused) return { refused: note.refused };
  await appendEvent(
    core.db,
    incidentKey,
    { at: when, type: `continuity.${state}`, actor: actor.name, data: { fn, from: note.from ?? 'running', to: state, outage: note.outage!, ...(words ? { note: words } : {}) } },
    { once: key, lookBack: resumed ? 50 : 1 },
  );
  const spec = functionById(core, fn);
  const status = incident.continuity?.find((s) => s.id === fn);
  if (note.started && spec && status) await scheduleAlerts(core.db, [firstRtoAlert(incidentKey, status, spec.rto)], core.now);
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'continuity-card' }], key);
  return { from: note.from, outage: note.outage };
});

export type ServiceResult = { refused?: ServiceRefusal; incident: Incident; status?: FunctionStatus };

/** Marks one function of the incident once per delivery (`eventKey`), or says why nothing changed. */
export async function markFunction(core: Core, incident: Incident, change: { fn: string; state: ServiceState; note?: string }, actor: PersonRef, eventKey?: string): Promise<ServiceResult> {
  const key = `service:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result } = await serviceOp.run(core, key, { incidentKey: incident.key, ...change, actor: personRef(actor), at: core.now().getTime() });
  const now = (await findIncident(core.db, incident.key))!;
  return { refused: result?.refused, incident: now, status: now.continuity?.find((s) => s.id === change.fn) };
}
