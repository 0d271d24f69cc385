import { randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { membersWithRole, personRef } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing, type Effect } from '../outbox/enqueue.ts';
import type { Resource } from '../playbook/schema.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef, ResourceRequest, ResourceUse } from '../store/records.ts';
import { allocatedOf, moveStock, movementOf, movementsOf } from '../store/stock.ts';
import { appendEvent } from '../store/timeline.ts';

/**
 * Resource requests against the emergency resource table (resources.yml, SOP appendix 4). Each
 * change is one operation keyed by the platform delivery; an approval allocates through
 * store/stock.ts (the only counter: the unique next movement id keeps concurrent approvals from
 * passing what is on hand) and a release gives back what was not consumed.
 */

export type Availability = { resource: Resource; allocated: number; available: number; byIncident: Record<string, number> };

/** What is on hand, allocated (to which incidents) and available, for every resource. */
export async function resourceTable(core: Core): Promise<Availability[]> {
  return Promise.all(
    core.playbook.resources.map(async (resource) => {
      const moves = await movementsOf(core.db, resource.id);
      const byIncident: Record<string, number> = {};
      for (const m of moves) if (m.incidentKey) byIncident[m.incidentKey] = (byIncident[m.incidentKey] ?? 0) + m.delta;
      for (const k of Object.keys(byIncident)) if (!byIncident[k]) delete byIncident[k];
      const sorted = Object.fromEntries(Object.entries(byIncident).sort(([a], [b]) => a.localeCompare(b)));
      const allocated = moves.at(-1)?.allocated ?? 0;
      return { resource, allocated, available: Math.max(0, resource.quantity - allocated), byIncident: sorted };
    }),
  );
}

export const availableOf = async (core: Core, r: Resource) => Math.max(0, r.quantity - (await allocatedOf(core.db, r.id)));

/** Who decides a request: the holders of the resource's contact_role; external support is the lead's to record. */
export function approversOf(core: Core, i: Incident, req: Pick<ResourceRequest, 'resource'>): PersonRef[] {
  const r = core.playbook.resources.find((x) => x.id === req.resource);
  if (!r) return i.lead ? [personRef(i.lead)] : [];
  return membersWithRole(core.playbook, r.contact_role, i.platform).map(personRef);
}

export type NewRequest = Pick<ResourceRequest, 'resource' | 'description' | 'quantity' | 'purpose' | 'neededBy'>;
export type Decision =
  | { kind: 'request'; request: NewRequest }
  | { kind: 'approve'; id: string }
  | { kind: 'decline'; id: string; note: string }
  | { kind: 'use'; id: string; use: ResourceUse; consumed?: number }
  | { kind: 'release'; id: string };

/** Why nothing changed; `short` carries what is left. */
export type ResourceRefusal = { why: 'unknown' | 'notPending' | 'notApproved' | 'short'; available?: number; status?: string };
type Note = { refused?: ResourceRefusal; id?: string };
type Intent = { incidentKey: string; decision: Decision; actor: PersonRef; at: number };

const EVENT: Record<Decision['kind'], string> = {
  request: 'resource.requested',
  approve: 'resource.approved',
  decline: 'resource.declined',
  use: 'resource.used',
  release: 'resource.released',
};

const resourceOp = defineOp('resource', async (core: Core, key: string, { incidentKey, decision: d, actor, at }: Intent, resumed: boolean): Promise<Note> => {
  const when = new Date(at);
  const current = (await findIncident(core.db, incidentKey))!;
  const req = d.kind === 'request' ? undefined : current.requests?.find((r) => r.id === d.id);
  if (d.kind !== 'request' && !req) return { refused: { why: 'unknown' } };
  const stocked = req?.resource ? core.playbook.resources.find((r) => r.id === req.resource) : undefined;

  // Stock moves first, keyed by the request (not the delivery): two approvers clicking at once, or
  // a resumed run, find the one movement instead of making another.
  const stockOp = (what: string) => `${what}:${incidentKey}:${req!.id}`;
  if (d.kind === 'approve' && req!.status === 'pending' && stocked) {
    const moved = await moveStock(core.db, { resource: stocked.id, delta: req!.quantity, incidentKey, request: req!.id, by: actor, op: stockOp('approve') }, stocked.quantity);
    if (!moved.ok) return { refused: { why: 'short', available: moved.available } };
  }
  if (d.kind === 'release' && req!.status === 'approved' && stocked) {
    const back = req!.quantity - (req!.consumed ?? 0);
    if (back > 0) await moveStock(core.db, { resource: stocked.id, delta: -back, incidentKey, request: req!.id, by: actor, op: stockOp('release') }, stocked.quantity);
  }

  const { incident, note } = await updateIncidentOnce<Note>(core.db, incidentKey, key, (i) => {
    const list = [...(i.requests ?? [])];
    if (d.kind === 'request') {
      const id = `R${list.length + 1}`;
      list.push({ ...d.request, id, by: actor, at: when, status: 'pending' });
      return { set: { requests: list }, note: { id } };
    }
    const n = list.findIndex((r) => r.id === d.id);
    const r = list[n]!;
    const pendingOnly = d.kind === 'approve' || d.kind === 'decline';
    if (pendingOnly && r.status !== 'pending') return { set: {}, note: { refused: { why: 'notPending', status: r.status } } };
    if (!pendingOnly && r.status !== 'approved') return { set: {}, note: { refused: { why: 'notApproved', status: r.status } } };
    const next: ResourceRequest =
      d.kind === 'approve' ? { ...r, status: 'approved', decidedBy: actor, decidedAt: when }
      : d.kind === 'decline' ? { ...r, status: 'declined', decidedBy: actor, decidedAt: when, note: d.note }
      : d.kind === 'use' ? { ...r, use: d.use, ...(d.use === 'consumed' ? { consumed: Math.min(r.quantity, d.consumed ?? r.quantity) } : {}) }
      : { ...r, status: 'released' };
    list[n] = next;
    return { set: { requests: list }, note: { id: r.id } };
  });
  if (note.refused) {
    // Declined while this approval took the stock: the stock goes back (once, by the request's key).
    const now = incident.requests?.find((r) => r.id === req?.id);
    if (d.kind === 'approve' && stocked && now?.status === 'declined' && (await movementOf(core.db, stockOp('approve')))) {
      await moveStock(core.db, { resource: stocked.id, delta: -now.quantity, incidentKey, request: now.id, by: actor, op: stockOp('unapprove') }, stocked.quantity);
    }
    return note;
  }
  const request = incident.requests!.find((r) => r.id === note.id)!;
  await appendEvent(
    core.db,
    incidentKey,
    { at: when, type: EVENT[d.kind], actor: actor.name, data: { id: request.id, resource: request.resource ?? 'external', quantity: request.quantity, ...('note' in d ? { note: d.note } : {}), ...('use' in d ? { use: d.use } : {}) } },
    { once: key, lookBack: resumed ? 50 : 1 },
  );
  const effects: Effect[] = [{ kind: 'resource-notice', id: request.id, what: d.kind, by: actor }, { kind: 'refresh-summary' }];
  if (d.kind === 'request') for (const to of approversOf(core, incident, request)) effects.push({ kind: 'resource-ask', to, id: request.id });
  await (resumed ? enqueueMissing : enqueue)(core, incident, effects, key);
  return note;
});

/** Applies a request or a decision on one once per delivery; says why nothing changed otherwise. */
export async function decideResource(core: Core, incident: Incident, decision: Decision, actor: PersonRef, eventKey?: string) {
  const key = `resource:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result } = await resourceOp.run(core, key, { incidentKey: incident.key, decision, actor: personRef(actor), at: core.now().getTime() });
  const now = (await findIncident(core.db, incident.key))!;
  return { refused: result?.refused, id: result?.id, incident: now, request: now.requests?.find((r) => r.id === result?.id) };
}
