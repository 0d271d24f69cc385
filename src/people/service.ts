import { randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { personRef } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing, type Effect } from '../outbox/enqueue.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { stepsOf, writeStep } from '../store/steps.ts';
import { appendEvent } from '../store/timeline.ts';
import { decide, type RoleAction, type RoleRefusal } from './roles.ts';

/**
 * Role changes as one operation (src/ops/define.ts) keyed by the platform delivery: the incident
 * written under its revision lease (roles, handover, lead), then the open steps of the role given
 * the new holders as owners, the timeline event, and the war room's Roles card and DMs through
 * the outbox. A crash anywhere is finished by the next delivery or the recovery pass, each write once.
 */

export const ROLE_OP = 'role';

/** Dates travel as epoch ms (intents are stored as JSON). */
type StoredAction = RoleAction extends infer A ? (A extends RoleAction ? Omit<A, 'at'> & { at?: number } : never) : never;
type RoleIntent = { incidentKey: string; action: StoredAction; actor: PersonRef; at: number };
type RoleNote = { refused?: RoleRefusal; role?: string; holders?: PersonRef[] };
export type RoleResult = { refused?: RoleRefusal; incident: Incident };

const EVENT: Record<RoleAction['kind'], string> = {
  claim: 'role.claimed',
  release: 'role.released',
  assign: 'role.assigned',
  propose: 'lead.handover.proposed',
  accept: 'lead.handover.accepted',
  withdraw: 'lead.handover.withdrawn',
};

const revive = (a: StoredAction): RoleAction => ({ ...a, ...(a.at !== undefined ? { at: new Date(a.at) } : {}) }) as RoleAction;

const roleOp = defineOp(ROLE_OP, async (core: Core, key: string, { incidentKey, action, actor, at }: RoleIntent, resumed: boolean): Promise<RoleNote> => {
  const { incident, note } = await updateIncidentOnce<RoleNote>(core.db, incidentKey, key, (current) => {
    const change = decide(core.playbook, current, revive(action));
    if ('refused' in change) return { set: {}, note: { refused: change.refused } };
    return { set: change.set, note: { role: change.role, holders: change.holders } };
  });
  if (note.refused) return note;

  // Open steps of the role are owned by whoever holds it now; done steps keep who did them.
  if (note.role) {
    const open = (await stepsOf(core.db, incident)).filter((s) => s.status === 'open' && s.ownerRole === note.role);
    await Promise.all(open.map((s) => writeStep(core.db, incidentKey, s.n, { owners: note.holders! })));
  }

  const who = 'who' in action ? personRef(action.who) : undefined;
  const role = 'role' in action ? action.role : undefined;
  await appendEvent(
    core.db,
    incidentKey,
    { at: new Date(at), type: EVENT[action.kind], actor: actor.name, data: { ...(role ? { role } : {}), ...(who ? { who: who.name, whoId: who.id } : {}) } },
    { once: key, lookBack: resumed ? 50 : 1 },
  );
  const effects: Effect[] = [{ kind: 'roles-card', what: action.kind, role, who, by: actor }, { kind: 'refresh-summary' }];
  if ((action.kind === 'assign' || action.kind === 'claim') && role) effects.push({ kind: 'role-brief', to: who!, role });
  if (action.kind === 'propose') effects.push({ kind: 'handover-offer', to: who!, by: actor });
  await (resumed ? enqueueMissing : enqueue)(core, incident, effects, key);
  return note;
});

/** Applies a role action once per delivery (`eventKey`), or says why it changes nothing. */
export async function changeRole(core: Core, incident: Incident, action: RoleAction, actor: PersonRef, eventKey?: string): Promise<RoleResult> {
  const key = `role:${incident.key}:${eventKey ?? randomUUID()}`;
  const stored = { ...action, ...('at' in action ? { at: action.at.getTime() } : {}) } as StoredAction;
  const { result } = await roleOp.run(core, key, { incidentKey: incident.key, action: stored, actor: personRef(actor), at: core.now().getTime() });
  return { refused: result?.refused, incident: (await findIncident(core.db, incident.key))! };
}
