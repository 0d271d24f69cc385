import { createHash, randomUUID } from 'node:crypto';
import type { Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import {
  approve, canApprove, canChange, canPublish, current, edit, isPublic, nextStatementId, publish, requestChanges, waitingFor,
  type Audience, type Publication, type Refusal, type Statement, type StatementKind, type StatementText,
} from '../domain/statements.ts';
import { membersWithRole, personRef, platformId } from '../incidents/roster.ts';
import { firstStatementAlert, publicStatementCount } from '../domain/escalation.ts';
import { defineOp } from '../ops/define.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { scheduleAlerts } from '../store/alerts.ts';
import { enqueue, enqueueMissing, type Effect } from '../outbox/enqueue.ts';
import { policyFor } from '../playbook/statements.ts';
import { queueDigest } from './digest.ts';
import { findIncident, updateIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';

/**
 * Statements: drafted, reviewed by four eyes, published exactly as approved (src/domain/statements.ts
 * holds the rules). Every change is one operation keyed by the platform delivery (a retried form or
 * a double click acts once), written on the incident under its revision lock, recorded in the
 * timeline, and followed by its messages through the outbox.
 */

/** The war room: where a drill's statements go instead of the announcement channels. */
export const WAR_ROOM = 'war-room';

export type DraftInput = { kind: StatementKind; audience: Audience; channels: string[]; text: StatementText; rumour?: string; answers?: string; supersedes?: string };

type Action =
  | { do: 'draft'; input: DraftInput }
  | { do: 'approve'; id: string }
  | { do: 'changes'; id: string; note: string }
  | { do: 'edit'; id: string; text: StatementText }
  | { do: 'publish'; id: string };

type Intent = { incidentKey: string; action: Action; actor: PersonRef; held: string[]; at: Date };
export type StatementResult = { ok: true; id: string; v: number; status: Statement['status'] } | { ok: false; id: string; why: Refusal['why'] };

/** The roster roles a platform user holds. */
export function rolesHeld(core: Core, platform: Platform, userId: string): string[] {
  return core.playbook.roster.filter((p) => platformId(p, platform) === userId).flatMap((p) => p.roles);
}

const opKey = (incidentKey: string, eventKey: string | undefined) => `statement:${incidentKey}:${eventKey ?? randomUUID()}`;
const onceOpts = (key: string, resumed: boolean) => ({ once: key, lookBack: resumed ? 50 : 1 });

/** The channels a statement goes out on: its chosen ones, or only the war room for a drill. */
export const publicationChannels = (incident: Incident, s: Statement) => (incident.drill ? [WAR_ROOM] : s.channels.length ? s.channels : [WAR_ROOM]);

function applyAction(incident: Incident, { action, actor, held, at }: Intent, publishers: readonly string[], policy: (a: Audience) => ReturnType<typeof policyFor>): { list: Statement[]; result: StatementResult } {
  const list = incident.statements ?? [];
  const who = personRef(actor);
  if (action.do === 'draft') {
    const id = nextStatementId(list);
    const s: Statement = {
      id, n: Number(id.slice(1)), ...action.input, author: who, at,
      versions: [{ v: 1, text: action.input.text, by: who, at }], status: 'draft', approvals: [], publications: [],
    };
    return { list: [...list, s], result: { ok: true, id, v: 1, status: 'draft' } };
  }
  const s = list.find((x) => x.id === action.id);
  if (!s) throw new Error(`statement ${action.id} of ${incident.key} vanished`);
  const refuse = (r: Refusal) => ({ list, result: { ok: false as const, id: s.id, why: r.why } });
  let next: Statement;
  switch (action.do) {
    case 'approve': {
      const verdict = canApprove(s, who, held, policy(s.audience));
      if (!verdict.ok) return refuse(verdict);
      next = approve(s, who, held, policy(s.audience), at);
      break;
    }
    case 'changes': {
      const verdict = canChange(s);
      if (!verdict.ok) return refuse(verdict);
      next = requestChanges(s, who, action.note, at);
      break;
    }
    case 'edit': {
      const verdict = canChange(s);
      if (!verdict.ok) return refuse(verdict);
      next = edit(s, action.text, who, at);
      break;
    }
    case 'publish': {
      const verdict = canPublish(s, incident.lead?.id === who.id, held, publishers);
      if (!verdict.ok) return refuse(verdict);
      next = publish(s, who, at, publicationChannels(incident, s));
      break;
    }
  }
  let updated = list.map((x) => (x.id === s.id ? next : x));
  // A correction, once published, supersedes the statement it corrects; that one is never edited.
  if (action.do === 'publish' && s.supersedes) updated = updated.map((x) => (x.id === s.supersedes && x.status === 'published' ? { ...x, status: 'superseded', supersededBy: s.id } : x));
  return { list: updated, result: { ok: true, id: s.id, v: current(next).v, status: next.status } };
}

/** The people an open statement waits for: holders of the roles still missing, never its author. */
export function awaitedApprovers(core: Core, incident: Incident, s: Statement): PersonRef[] {
  const policy = policyFor(core.playbook.statements, s.audience);
  const roles = waitingFor(policy, s.approvals);
  const seen = new Set<string>([s.author.id, current(s).by.id, ...s.approvals.map((a) => a.by.id)]);
  return roles.flatMap((r) => membersWithRole(core.playbook, r, incident.platform)).filter((m) => !seen.has(m.id) && seen.add(m.id)).map((m) => ({ id: m.id, name: m.name }));
}

const EVENT: Record<Action['do'], string> = {
  draft: 'statement.drafted', approve: 'statement.approved', changes: 'statement.changes_requested', edit: 'statement.edited', publish: 'statement.published',
};

const statementOp = defineOp('statement', async (core: Core, key: string, intent: Intent, resumed: boolean): Promise<StatementResult> => {
  const { incidentKey, action, actor, at } = intent;
  const pb = core.playbook;
  const { incident, note } = await updateIncidentOnce<StatementResult>(core.db, incidentKey, key, (cur) => {
    const { list, result } = applyAction(cur, intent, pb.statements?.publishers ?? [], (a) => policyFor(pb.statements, a));
    return { set: result.ok ? { statements: list } : {}, note: result };
  });
  if (!note.ok) return note;
  const s = incident.statements!.find((x) => x.id === note.id)!;
  const data: Record<string, unknown> = { id: s.id, v: note.v, kind: s.kind, audience: s.audience, status: s.status };
  if (action.do === 'changes') data.note = action.note;
  if (action.do === 'publish') data.channels = s.publications.map((p) => p.channel);
  if (action.do === 'draft' && s.rumour) data.rumour = s.rumour;
  await appendEvent(core.db, incidentKey, { at, type: EVENT[action.do], actor: actor.name, data }, onceOpts(key, resumed));
  const queue = resumed ? enqueueMissing : enqueue;
  // Per operation: two approvals in the same millisecond are two redraws.
  const disc = `${s.id}:${action.do}:v${note.v}:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  const card: Effect = action.do === 'draft' ? { kind: 'post-statement', id: s.id } : { kind: 'refresh-statement', id: s.id };
  const dms: Effect[] = action.do === 'draft' || action.do === 'edit' ? awaitedApprovers(core, incident, s).map((to) => ({ kind: 'statement-dm', id: s.id, v: note.v, to })) : [];
  await queue(core, incident, [card, ...dms], disc);
  if (action.do === 'publish') {
    // The first public statement stops the first-statement ladder (its alerts are stale now); the cadence watches the next one.
    const every = policyOf(pb, incident.level).statementEvery;
    if (isPublic(s.audience) && every) {
      const count = publicStatementCount(incident.statements);
      await scheduleAlerts(core.db, [firstStatementAlert(incident.key, count, new Date(at.getTime() + every), policyOf(pb, incident.level).ladder)], core.now);
    }
    if (s.supersedes) await queue(core, incident, [{ kind: 'refresh-statement', id: s.supersedes }], `${disc}:superseded`);
    if (s.answers) await queue(core, incident, [{ kind: 'rumours-card' }], `${disc}:answered`);
    await queueDigest(core, incident);
    // Each channel in a lane of its own: a webhook retrying for hours holds up neither the war room nor the other channels.
    for (const p of s.publications) await queue(core, incident, [{ kind: 'publish-statement', id: s.id, channel: p.channel }], `${s.id}:${p.channel}`, `${s.id}:${p.channel}`);
  }
  return note;
});

async function act(core: Core, incident: Incident, action: Action, actor: PersonRef, eventKey?: string): Promise<StatementResult & { duplicate: boolean }> {
  const intent: Intent = { incidentKey: incident.key, action, actor: personRef(actor), held: rolesHeld(core, incident.platform, actor.id), at: core.now() };
  const { result, duplicate } = await statementOp.run(core, opKey(incident.key, eventKey), intent);
  return { ...result, duplicate };
}

export const draftStatement = (core: Core, incident: Incident, input: DraftInput, actor: PersonRef, eventKey?: string) => act(core, incident, { do: 'draft', input }, actor, eventKey);
export const approveStatement = (core: Core, incident: Incident, id: string, actor: PersonRef, eventKey?: string) => act(core, incident, { do: 'approve', id }, actor, eventKey);
export const requestStatementChanges = (core: Core, incident: Incident, id: string, note: string, actor: PersonRef, eventKey?: string) =>
  act(core, incident, { do: 'changes', id, note }, actor, eventKey);
export const editStatement = (core: Core, incident: Incident, id: string, text: StatementText, actor: PersonRef, eventKey?: string) => act(core, incident, { do: 'edit', id, text }, actor, eventKey);
export const publishStatement = (core: Core, incident: Incident, id: string, actor: PersonRef, eventKey?: string) => act(core, incident, { do: 'publish', id }, actor, eventKey);

/**
 * Records how one channel's publication went (delivered, refused, or still pending with the last
 * error), with a timeline event once per outcome, and redraws the card. Written by the delivery.
 */
export async function recordPublication(core: Core, incidentKey: string, id: string, outcome: Publication): Promise<Incident> {
  let before: Publication | undefined;
  const incident = await updateIncident(core.db, incidentKey, (cur) => ({
    statements: (cur.statements ?? []).map((s) => {
      if (s.id !== id) return s;
      before = s.publications.find((p) => p.channel === outcome.channel);
      return { ...s, publications: s.publications.map((p) => (p.channel === outcome.channel ? outcome : p)) };
    }),
  }));
  if (outcome.state !== 'pending' || before?.error !== outcome.error) {
    const type = outcome.state === 'delivered' ? 'statement.delivered' : outcome.state === 'refused' ? 'statement.refused' : 'statement.retrying';
    const { at: _at, ...data } = outcome;
    await appendEvent(core.db, incidentKey, { at: core.now(), type, actor: 'crisis-bot', data: { id, ...data } }, { once: `${type}:${incidentKey}:${id}:${outcome.channel}:${outcome.error ?? outcome.state}` });
    await enqueue(core, incident, [{ kind: 'refresh-statement', id }], `${id}:${outcome.channel}:${outcome.state}:${outcome.error ?? ''}`.slice(0, 200));
  }
  return incident;
}

export async function findStatement(core: Core, incidentKey: string, id: string): Promise<{ incident: Incident; statement: Statement } | undefined> {
  const incident = await findIncident(core.db, incidentKey);
  const statement = incident?.statements?.find((s) => s.id === id);
  return incident && statement ? { incident, statement } : undefined;
}
