import type { Core } from '../core.ts';
import { personRef } from '../incidents/roster.ts';
import { canVerify, currentFacts, mergedCriteria, nextFactId, type FactContent, type FactVersion, type Impact, type VerifyVerdict } from '../domain/assessment.ts';
import { firstStepAlert } from '../domain/escalation.ts';
import { grade } from '../domain/grading.ts';
import { randomUUID } from 'node:crypto';
import { openDueOf } from '../incidents/tick.ts';
import { enqueue, enqueueMissing, type Effect } from '../outbox/enqueue.ts';
import type { LevelNumber } from '../playbook/schema.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { scheduleAlerts } from '../store/alerts.ts';
import { claim } from '../store/claims.ts';
import { updateIncident, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { stepsOf, writeStepAt } from '../store/steps.ts';
import { beginOp, finishOp } from '../store/ops.ts';
import { appendEvent } from '../store/timeline.ts';

/**
 * The assessment phase: facts added, verified, disputed and corrected; impact assessed; the level
 * re-graded. Each change is written to the incident under its revision lock, recorded in the
 * timeline and followed by the war-room messages through the outbox.
 */

/** A platform's delivery id seen twice (a retried form submission) changes nothing the second time. */
async function firstDelivery(core: Core, what: string, eventKey: string | undefined): Promise<boolean> {
  return !eventKey || claim(core.db, `${what}:${eventKey}`);
}

/**
 * Adds a fact, or (with `corrects`) a new version of one: the old version stays as it was, in the
 * record and the timeline. Returns undefined for a delivery already handled.
 */
export async function addFact(core: Core, incident: Incident, content: FactContent, actor: PersonRef, opts: { corrects?: string; eventKey?: string } = {}): Promise<FactVersion | undefined> {
  if (!(await firstDelivery(core, `fact:${incident.key}`, opts.eventKey))) return undefined;
  const at = core.now();
  let added!: FactVersion;
  const updated = await updateIncident(core.db, incident.key, (current) => {
    const versions = current.facts ?? [];
    const id = opts.corrects ?? nextFactId(versions);
    const v = versions.filter((f) => f.id === id).reduce((m, f) => Math.max(m, f.v), 0) + 1;
    added = { id, v, ...content, author: personRef(actor), at, status: 'unverified' };
    return { facts: [...versions, added] };
  });
  const { author: _a, at: _at, ...data } = added;
  await appendEvent(core.db, incident.key, { at, type: added.v > 1 ? 'fact.corrected' : 'fact.added', actor: actor.name, data: { ...data, when: added.when?.toISOString() } });
  await enqueue(core, updated, [{ kind: 'post-fact', id: added.id, v: added.v }, { kind: 'refresh-assessment' }], `${added.id}v${added.v}`);
  return added;
}

export type FactChange = { changed: true; fact: FactVersion } | { changed: false; fact: FactVersion; why?: VerifyVerdict & { ok: false } };

/** Verifies the current version of a fact; never by its author, and once (the same rule decides inside the lock). */
export async function verifyFact(core: Core, incident: Incident, id: string, actor: PersonRef): Promise<FactChange> {
  return changeFact(core, incident, id, actor, 'fact.verified', (fact, at) => {
    const verdict = canVerify(fact, actor);
    if (!verdict.ok) return verdict;
    return { ...fact, status: 'verified', verifiedBy: personRef(actor), verifiedAt: at };
  });
}

export async function disputeFact(core: Core, incident: Incident, id: string, note: string, actor: PersonRef): Promise<FactChange> {
  return changeFact(core, incident, id, actor, 'fact.disputed', (fact, at) => ({ ...fact, status: 'disputed', disputedBy: personRef(actor), disputedAt: at, disputeNote: note }));
}

async function changeFact(
  core: Core,
  incident: Incident,
  id: string,
  actor: PersonRef,
  type: string,
  change: (fact: FactVersion, at: Date) => FactVersion | (VerifyVerdict & { ok: false }),
): Promise<FactChange> {
  const at = core.now();
  let result!: FactChange;
  const updated = await updateIncident(core.db, incident.key, (current) => {
    const versions = current.facts ?? [];
    const fact = currentFacts(versions).find((f) => f.id === id);
    if (!fact) throw new Error(`fact ${id} of ${incident.key} vanished`);
    const next = change(fact, at);
    if ('ok' in next) {
      result = { changed: false, fact, why: next };
      return {};
    }
    result = { changed: true, fact: next };
    return { facts: versions.map((f) => (f.id === id && f.v === fact.v ? next : f)) };
  });
  if (!result.changed) return result;
  const { fact } = result;
  await appendEvent(core.db, incident.key, { at, type, actor: actor.name, data: { id, v: fact.v, what: fact.what, ...(fact.disputeNote && type === 'fact.disputed' ? { note: fact.disputeNote } : {}) } });
  await enqueue(core, updated, [{ kind: 'refresh-assessment' }], `${type}:${id}v${fact.v}:${at.getTime()}`);
  return result;
}

/**
 * Records an impact assessment. Its grading criteria join what is known; when they now point at
 * another level than the incident's, the fact sheet suggests the change (Change / Keep).
 */
export async function assessImpact(core: Core, incident: Incident, input: Omit<Impact, 'n' | 'by' | 'at'>, actor: PersonRef, eventKey?: string): Promise<{ impact: Impact; incident: Incident } | undefined> {
  if (!(await firstDelivery(core, `impact:${incident.key}`, eventKey))) return undefined;
  const at = core.now();
  let impact!: Impact;
  const updated = await updateIncident(core.db, incident.key, (current) => {
    const impacts = current.impacts ?? [];
    impact = { ...input, n: impacts.length + 1, by: personRef(actor), at };
    const criteria = mergedCriteria(current.criteria ?? {}, impact, core.playbook.currency);
    const g = grade(core.playbook.levels, criteria);
    const regrade = g.level !== current.level ? { level: g.level, reasons: g.reasons, at, impact: impact.n } : null;
    return { impacts: [...impacts, impact], criteria, regrade };
  });
  const { by: _b, at: _at, ...data } = impact;
  await appendEvent(core.db, incident.key, { at, type: 'impact.assessed', actor: actor.name, data });
  if (updated.regrade) {
    await appendEvent(core.db, incident.key, { at, type: 'level.suggested', actor: 'crisis-bot', data: { level: updated.regrade.level, from: updated.level, reasons: updated.regrade.reasons } });
  }
  await enqueue(core, updated, [{ kind: 'refresh-assessment' }], `impact${impact.n}`);
  return { impact, incident: updated };
}

export const LEVEL_OP = 'level';

/** What a level change means to do, recorded before its first write (see store/ops.ts). */
type LevelIntent = { key: string; to: LevelNumber; reason: string; actor: PersonRef; at: Date };
type LevelResult = { changed: boolean; incident: Incident; retimed: number };

/**
 * Changes the level: the open steps are re-timed to the new level's deadlines (each step's ladder
 * starts again; one already past its new deadline is watched from now), the room hears it, the
 * timeline records it with the reason. One operation: a crash anywhere is finished by the
 * recovery pass, each write once.
 */
export async function changeLevel(core: Core, incident: Incident, to: LevelNumber, reason: string, actor: PersonRef): Promise<LevelResult> {
  const key = `level:${incident.key}:${randomUUID()}`;
  const begun = await beginOp<LevelIntent>(core.db, key, LEVEL_OP, { key: incident.key, to, reason, actor: personRef(actor), at: core.now() });
  if (begun.state !== 'run') throw new Error(`${key} was begun twice`);
  return applyLevelChange(core, key, begun.intent, false);
}

export async function resumeLevelChange(core: Core, key: string): Promise<void> {
  const op = (await core.db.m.Op.findById(key).lean()) as { intent: LevelIntent } | null;
  if (!op) return;
  const begun = await beginOp<LevelIntent>(core.db, key, LEVEL_OP, op.intent);
  if (begun.state === 'run') await applyLevelChange(core, key, begun.intent, true);
}

async function applyLevelChange(core: Core, key: string, { key: incidentKey, to, reason, actor, at }: LevelIntent, resumed: boolean): Promise<LevelResult> {
  let from = 0;
  let changed = false;
  let updated = await updateIncident(core.db, incidentKey, (current) => {
    // Already written by the attempt this one resumes.
    if (current.levelChange && current.levelChange.at.getTime() === at.getTime() && current.level === to) {
      from = current.levelChange.from;
      changed = true;
      return {};
    }
    from = current.level;
    changed = current.level !== to;
    if (!changed) return {};
    // The summary's reasons are those of what is known now, next to who changed the level and why.
    const g = grade(core.playbook.levels, current.criteria ?? {});
    return { level: to, regrade: null, suggestedLevel: g.level, gradeReasons: g.reasons, levelChange: { from, by: actor, reason, at } };
  });
  if (!changed) {
    await finishOp(core.db, key, 'unchanged');
    return { changed, incident: updated, retimed: 0 };
  }

  const plan = core.playbook.plans.find((p) => p.id === updated.type)!;
  const { ladder } = policyOf(core.playbook, to);
  const open = (await stepsOf(core.db, updated)).filter((s) => s.status === 'open');
  const retimed = open.map((s) => {
    const offset = plan.steps.find((p) => p.id === s.planStepId)!.due[String(to) as '1'];
    // A new version makes the old ladder's pending alerts stale; the sweep drops them.
    return s.retimedBy === key ? s : { ...s, dueAt: new Date(updated.raisedAt.getTime() + offset), version: s.version + 1, retimedBy: key, from: s.version };
  });
  await Promise.all(
    retimed.map((s) => ('from' in s ? writeStepAt(core.db, s.incidentKey, s.n, s.from, { dueAt: s.dueAt, version: s.version, retimedBy: key }) : undefined)),
  );
  await scheduleAlerts(core.db, retimed.map((s) => firstStepAlert(updated.key, s, ladder, at)), core.now);
  updated = await updateIncident(core.db, incidentKey, async (current) => ({ openDue: await openDueOf(core, current) }));

  await appendEvent(core.db, incidentKey, { at, type: 'level.changed', actor: actor.name, data: { from, to, reason, retimed: retimed.length } }, { once: key, lookBack: resumed ? 50 : 1 });
  const pages = [...new Set(retimed.map((s) => s.page))];
  const effects: Effect[] = [
    { kind: 'level-changed', from, to, by: actor, reason, retimed: retimed.length, at: at.getTime() },
    { kind: 'refresh-summary' },
    { kind: 'refresh-assessment' },
    ...pages.map((page) => ({ kind: 'refresh-checklist' as const, page })),
  ];
  await (resumed ? enqueueMissing : enqueue)(core, updated, effects, `level:${from}-${to}:${at.getTime()}`);
  await finishOp(core.db, key);
  return { changed, incident: updated, retimed: retimed.length };
}

/** Keeps the level the criteria argued against; the suggestion leaves the fact sheet. */
export async function keepLevel(core: Core, incident: Incident, suggested: number, actor: PersonRef): Promise<boolean> {
  const at = core.now();
  let kept = false;
  const updated = await updateIncident(core.db, incident.key, (current) => {
    kept = current.regrade?.level === suggested;
    return kept ? { regrade: null } : {};
  });
  if (!kept) return false;
  await appendEvent(core.db, incident.key, { at, type: 'level.kept', actor: actor.name, data: { level: updated.level, suggested } });
  await enqueue(core, updated, [{ kind: 'refresh-assessment' }], `keep:${suggested}:${at.getTime()}`);
  return true;
}
