import { createHash, randomUUID } from 'node:crypto';
import type { TrackedAction } from '../actions/model.ts';
import type { Core } from '../core.ts';
import { personRef } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { nextVersion, type GoalKind, type Verdict } from './model.ts';

/**
 * Recording the recovery plan: a goal's target, a step's % done, a goal's effect evaluation. One
 * operation (src/ops/define.ts) keyed by the platform delivery, so a retried request acts once:
 * the incident under its revision lock, one timeline event, then the recovery card redrawn through
 * the outbox. A crash anywhere is finished by the next delivery or the recovery pass.
 */

export const RECOVERY_OP = 'recovery-plan';

export type RecoveryChange =
  | { do: 'goal'; kind: GoalKind; target: string }
  | { do: 'progress'; id: string; pct: number }
  | { do: 'evaluate'; kind: GoalKind; verdict: Verdict; note: string; facts: string[] };
type Intent = { incidentKey: string; change: RecoveryChange; actor: PersonRef; at: number };
export type RecoveryResult = { ok: true; v?: number; done?: boolean } | { ok: false; why: 'unknown' | 'already'; id: string };

const EVENT: Record<RecoveryChange['do'], string> = { goal: 'recovery.goal', progress: 'recovery.progress', evaluate: 'recovery.evaluated' };

/** What the change does to the incident, or why it changes nothing. Pure. */
function apply(cur: Incident, c: RecoveryChange, actor: PersonRef, at: Date): { set: Partial<Incident>; result: RecoveryResult } {
  if (c.do === 'goal') {
    const v = nextVersion(cur.recoveryGoals, c.kind);
    return { set: { recoveryGoals: [...(cur.recoveryGoals ?? []), { kind: c.kind, v, target: c.target, by: actor, at }] }, result: { ok: true, v } };
  }
  if (c.do === 'evaluate') {
    const v = nextVersion(cur.evaluations, c.kind);
    return { set: { evaluations: [...(cur.evaluations ?? []), { kind: c.kind, v, verdict: c.verdict, note: c.note, facts: c.facts, by: actor, at }] }, result: { ok: true, v } };
  }
  const list = cur.actions ?? [];
  const found = list.find((a) => a.id === c.id);
  if (!found) return { set: {}, result: { ok: false, why: 'unknown', id: c.id } };
  if (found.status === 'done') return { set: {}, result: { ok: false, why: 'already', id: c.id } };
  // 100 % is done: the version bump makes the step's pending overdue rungs stale, as `action done` does.
  const next: TrackedAction = c.pct >= 100 ? { ...found, progress: 100, status: 'done', version: found.version + 1, doneBy: actor, doneAt: at } : { ...found, progress: c.pct };
  return { set: { actions: list.map((a) => (a.id === found.id ? next : a)) }, result: { ok: true, done: c.pct >= 100 } };
}

function eventData(c: RecoveryChange, r: RecoveryResult & { ok: true }): Record<string, unknown> {
  if (c.do === 'goal') return { kind: c.kind, target: c.target, v: r.v };
  if (c.do === 'evaluate') return { kind: c.kind, verdict: c.verdict, note: c.note, facts: c.facts, v: r.v };
  return { id: c.id, pct: c.pct };
}

const recoveryOp = defineOp(RECOVERY_OP, async (core: Core, key: string, { incidentKey, change, actor, at }: Intent, resumed: boolean): Promise<RecoveryResult> => {
  const when = new Date(at);
  const { incident, note } = await updateIncidentOnce<RecoveryResult>(core.db, incidentKey, key, (cur) => {
    const { set, result } = apply(cur, change, actor, when);
    return { set, note: result };
  });
  if (!note.ok) return note;
  await appendEvent(core.db, incidentKey, { at: when, type: EVENT[change.do], actor: actor.name, data: eventData(change, note) }, { once: key, lookBack: resumed ? 50 : 1 });
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'recovery-card' }], discriminator(key));
  return note;
});

const discriminator = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export async function changeRecovery(core: Core, incident: Incident, change: RecoveryChange, actor: PersonRef, eventKey?: string): Promise<RecoveryResult & { duplicate: boolean; incident: Incident }> {
  const key = `recovery:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result, duplicate } = await recoveryOp.run(core, key, { incidentKey: incident.key, change, actor: personRef(actor), at: core.now().getTime() });
  return { ...result, duplicate, incident: (await findIncident(core.db, incident.key))! };
}

/**
 * `action KEY recovery`: post or redraw the card in the war room. One write (the outbox entry),
 * keyed by the delivery, so a retried request queues it once.
 */
export async function showRecoveryCard(core: Core, incident: Incident, eventKey?: string): Promise<void> {
  await enqueueMissing(core, incident, [{ kind: 'recovery-card' }], `show:${discriminator(eventKey ?? randomUUID())}`);
}
