import { createHash, randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { firstActionAlert } from '../domain/escalation.ts';
import { participants, personRef } from '../incidents/roster.ts';
import { ownerPeople } from './owners.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { scheduleAlerts } from '../store/alerts.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { actionId, latestRca, nextActionNumbers, type ActionOwner, type ActionSource, type RcaVersion, type TrackedAction, type Why } from './model.ts';

/**
 * Recording the root-cause analysis and the improvement actions: one operation (src/ops/define.ts)
 * keyed by the platform delivery, so a retried form or a double click acts once. Each writes the
 * incident under its revision lock — the lock is what gives two concurrent adds distinct ids —
 * then one timeline event, the first rung of each new action's deadline ladder, and the war room's
 * notice through the outbox. A crash anywhere is finished by the next delivery or the recovery pass.
 */

export const ACTION_OP = 'improvement';

/** Dates travel as epoch ms: intents and results are stored as JSON. */
export type NewAction = { title: string; owner: ActionOwner; due: number; source: ActionSource; goal?: TrackedAction['goal']; resource?: string };
export type RcaInput = { problem: string; whys: Why[]; factors?: string; evidence: string[]; corrective: NewAction[] };

type Change = { do: 'add'; actions: NewAction[] } | { do: 'done'; id: string; note?: string } | { do: 'rca'; rca: RcaInput };
type Intent = { incidentKey: string; change: Change; actor: PersonRef; at: number };
export type ActionRefusal = 'unknown' | 'already';
export type ActionResult = { ok: true; ids: string[]; v?: number } | { ok: false; why: ActionRefusal; id: string };

const build = (n: number, a: NewAction, actor: PersonRef, at: Date, rca?: number): TrackedAction => ({
  id: actionId(n), n, title: a.title, owner: a.owner, due: new Date(a.due), source: a.source, status: 'open', version: 1, by: actor, at, ...(rca ? { rca } : {}), ...(a.goal ? { goal: a.goal } : {}), ...(a.resource ? { resource: a.resource } : {}),
});

/** What the change does to the incident's records, or why it changes nothing. Pure. */
function apply(cur: Incident, change: Change, actor: PersonRef, at: Date): { set: Partial<Incident>; result: ActionResult } {
  const list = cur.actions ?? [];
  switch (change.do) {
    case 'add': {
      const ns = nextActionNumbers(list, change.actions.length);
      const added = change.actions.map((a, k) => build(ns[k]!, a, actor, at));
      return { set: { actions: [...list, ...added] }, result: { ok: true, ids: added.map((a) => a.id) } };
    }
    case 'done': {
      const found = list.find((a) => a.id === change.id);
      if (!found) return { set: {}, result: { ok: false, why: 'unknown', id: change.id } };
      if (found.status === 'done') return { set: {}, result: { ok: false, why: 'already', id: change.id } };
      const done: TrackedAction = { ...found, status: 'done', version: found.version + 1, doneBy: actor, doneAt: at, ...(change.note ? { note: change.note } : {}) };
      return { set: { actions: list.map((a) => (a.id === found.id ? done : a)) }, result: { ok: true, ids: [found.id] } };
    }
    case 'rca': {
      const v = (latestRca(cur.rca)?.v ?? 0) + 1;
      const ns = nextActionNumbers(list, change.rca.corrective.length);
      const added = change.rca.corrective.map((a, k) => build(ns[k]!, { ...a, source: 'root-cause' }, actor, at, v));
      const version: RcaVersion = {
        v, problem: change.rca.problem, whys: change.rca.whys, evidence: change.rca.evidence, by: actor, at,
        corrective: change.rca.corrective.map((c) => ({ title: c.title, owner: c.owner, due: new Date(c.due) })),
        actions: added.map((a) => a.id), ...(change.rca.factors ? { factors: change.rca.factors } : {}),
      };
      return { set: { rca: [...(cur.rca ?? []), version], actions: [...list, ...added] }, result: { ok: true, ids: added.map((a) => a.id), v } };
    }
  }
}

const EVENT: Record<Change['do'], string> = { add: 'action.added', done: 'action.done', rca: 'rca.recorded' };

function eventData(incident: Incident, change: Change, result: ActionResult & { ok: true }): Record<string, unknown> {
  const actions = (incident.actions ?? []).filter((a) => result.ids.includes(a.id));
  const lines = actions.map((a) => ({ id: a.id, title: a.title, owner: 'person' in a.owner ? a.owner.person.name : a.owner.role, due: a.due.toISOString(), source: a.source }));
  if (change.do === 'done') return { id: change.id, ...(change.note ? { note: change.note } : {}) };
  if (change.do === 'add') return { actions: lines };
  const r = latestRca(incident.rca)!;
  return { v: r.v, problem: r.problem, whys: r.whys.map((w) => w.text), categories: r.whys.map((w) => w.category ?? ''), evidence: r.evidence, actions: lines };
}

const actionOp = defineOp(ACTION_OP, async (core: Core, key: string, { incidentKey, change, actor, at }: Intent, resumed: boolean): Promise<ActionResult> => {
  const when = new Date(at);
  const { incident, note } = await updateIncidentOnce<ActionResult>(core.db, incidentKey, key, (cur) => {
    const { set, result } = apply(cur, change, actor, when);
    return { set, note: result };
  });
  if (!note.ok) return note;
  await appendEvent(core.db, incidentKey, { at: when, type: EVENT[change.do], actor: actor.name, data: eventData(incident, change, note) }, { once: key, lookBack: resumed ? 50 : 1 });
  // A new action is watched from its due time by the level's ladder; done makes its pending rungs stale (the sweep drops them).
  const ladder = policyOf(core.playbook, incident.level).ladder;
  const fresh = (incident.actions ?? []).filter((a) => change.do !== 'done' && note.ids.includes(a.id));
  await scheduleAlerts(core.db, fresh.map((a) => firstActionAlert(incidentKey, a, ladder)), core.now);
  const disc = `${change.do}:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  // Each owner of a new action hears of it at once by DM (a drill: only its participants), not first when it is overdue.
  const taking = participants(core.playbook, incident);
  const owned = new Map<string, { to: PersonRef; ids: string[] }>();
  for (const a of fresh) {
    for (const to of ownerPeople(core.playbook, incident, a.owner).filter((p) => !incident.drill || taking.has(p.id))) {
      const seen = owned.get(to.id) ?? { to, ids: [] };
      owned.set(to.id, { ...seen, ids: [...seen.ids, a.id] });
    }
  }
  // One DM per person, however many of the new actions they own (an outbox id is per person).
  const told = [...owned.values()].map((o) => ({ kind: 'action-assigned' as const, ...o, by: actor }));
  // A recovery step added or done redraws the recovery card (src/recovery-plan).
  const recovery = (incident.actions ?? []).some((a) => a.goal && note.ids.includes(a.id)) ? [{ kind: 'recovery-card' as const }] : [];
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'action-notice', what: change.do, ids: note.ids, v: note.v, by: actor }, ...told, ...recovery], disc);
  return note;
});

async function run(core: Core, incident: Incident, change: Change, actor: PersonRef, eventKey?: string): Promise<ActionResult & { duplicate: boolean; incident: Incident }> {
  const key = `action:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result, duplicate } = await actionOp.run(core, key, { incidentKey: incident.key, change, actor: personRef(actor), at: core.now().getTime() });
  return { ...result, duplicate, incident: (await findIncident(core.db, incident.key))! };
}

export const addActions = (core: Core, incident: Incident, actions: NewAction[], actor: PersonRef, eventKey?: string) => run(core, incident, { do: 'add', actions }, actor, eventKey);
export const completeAction = (core: Core, incident: Incident, id: string, note: string | undefined, actor: PersonRef, eventKey?: string) =>
  run(core, incident, { do: 'done', id, ...(note ? { note } : {}) }, actor, eventKey);
export const recordRca = (core: Core, incident: Incident, rca: RcaInput, actor: PersonRef, eventKey?: string) => run(core, incident, { do: 'rca', rca }, actor, eventKey);

/**
 * Whether the incident has a root-cause analysis recorded: what a review-phase guard asks before
 * letting an incident close. An unknown key has none.
 */
export async function hasRootCause(core: Core, incidentKey: string): Promise<boolean> {
  const incident = await findIncident(core.db, incidentKey);
  return Boolean(latestRca(incident?.rca));
}
