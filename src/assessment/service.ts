import type { Core } from '../core.ts';
import { personRef } from '../incidents/roster.ts';
import { canVerify, currentFacts, mergedCriteria, nextFactId, type FactContent, type FactVersion, type Impact, type VerifyVerdict } from '../domain/assessment.ts';
import { grade } from '../domain/grading.ts';
import { randomUUID } from 'node:crypto';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { defineOp } from '../ops/define.ts';
import { appendEvent } from '../store/timeline.ts';

/**
 * The assessment phase: facts added, verified, disputed and corrected; impact assessed; the level
 * re-graded (src/incidents/level.ts). Each change is written to the incident under its revision lock, recorded in the
 * timeline and followed by the war-room messages through the outbox.
 */

/** An operation's key: once per platform delivery when there is one, else once per call (still resumable). */
const opKey = (what: string, incidentKey: string, eventKey: string | undefined) => `${what}:${incidentKey}:${eventKey ?? randomUUID()}`;
const onceOpts = (key: string, resumed: boolean) => ({ once: key, lookBack: resumed ? 50 : 1 });

type AddFactIntent = { incidentKey: string; content: FactContent; actor: PersonRef; corrects?: string; at: Date };

const addFactOp = defineOp('fact-add', async (core: Core, key: string, { incidentKey, content, actor, corrects, at }: AddFactIntent, resumed: boolean) => {
  const { incident, note } = await updateIncidentOnce(core.db, incidentKey, key, (current) => {
    const versions = current.facts ?? [];
    const id = corrects ?? nextFactId(versions);
    const v = versions.filter((f) => f.id === id).reduce((m, f) => Math.max(m, f.v), 0) + 1;
    const added: FactVersion = { id, v, ...content, author: personRef(actor), at, status: 'unverified' };
    return { set: { facts: [...versions, added] }, note: { id, v } };
  });
  const added = incident.facts!.find((f) => f.id === note.id && f.v === note.v)!;
  const { author: _a, at: _at, ...data } = added;
  await appendEvent(core.db, incidentKey, { at, type: added.v > 1 ? 'fact.corrected' : 'fact.added', actor: actor.name, data: { ...data, when: added.when?.toISOString() } }, onceOpts(key, resumed));
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'post-fact', id: added.id, v: added.v }, { kind: 'refresh-assessment' }], `${added.id}v${added.v}`);
  return note;
});

/**
 * Adds a fact, or (with `corrects`) a new version of one: the old version stays as it was, in the
 * record and the timeline. Returns undefined for a delivery already handled.
 */
export async function addFact(core: Core, incident: Incident, content: FactContent, actor: PersonRef, opts: { corrects?: string; eventKey?: string } = {}): Promise<FactVersion | undefined> {
  const intent = { incidentKey: incident.key, content, actor: personRef(actor), corrects: opts.corrects, at: core.now() };
  const { result, duplicate } = await addFactOp.run(core, opKey('fact', incident.key, opts.eventKey), intent);
  if (duplicate) return undefined;
  return (await findIncident(core.db, incident.key))?.facts?.find((f) => f.id === result.id && f.v === result.v);
}

export type FactChange = { changed: true; fact: FactVersion } | { changed: false; fact: FactVersion; why?: VerifyVerdict & { ok: false } };

type FactChangeIntent = { incidentKey: string; id: string; actor: PersonRef; type: 'fact.verified' | 'fact.disputed'; note?: string; at: Date };
type FactChangeNote = { changed: boolean; v: number; why?: VerifyVerdict & { ok: false } };

const factChangeOp = defineOp('fact-change', async (core: Core, key: string, intent: FactChangeIntent, resumed: boolean): Promise<FactChangeNote> => {
  const { incidentKey, id, actor, type, at } = intent;
  const { incident, note } = await updateIncidentOnce<FactChangeNote>(core.db, incidentKey, key, (current) => {
    const versions = current.facts ?? [];
    const fact = currentFacts(versions).find((f) => f.id === id);
    if (!fact) throw new Error(`fact ${id} of ${incidentKey} vanished`);
    const next = changedFact(fact, intent);
    if ('ok' in next) return { set: {}, note: { changed: false, v: fact.v, why: next } };
    return { set: { facts: versions.map((f) => (f.id === id && f.v === fact.v ? next : f)) }, note: { changed: true, v: fact.v } };
  });
  if (!note.changed) return note;
  const fact = incident.facts!.find((f) => f.id === id && f.v === note.v)!;
  await appendEvent(core.db, incidentKey, { at, type, actor: actor.name, data: { id, v: fact.v, what: fact.what, ...(intent.note ? { note: intent.note } : {}) } }, onceOpts(key, resumed));
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'refresh-assessment' }], `${type}:${id}v${fact.v}:${at.getTime()}`);
  return note;
});

/** Verifying: never by its author (the same rule decides inside the lock). Disputing: with the note. */
function changedFact(fact: FactVersion, { type, actor, note, at }: FactChangeIntent): FactVersion | (VerifyVerdict & { ok: false }) {
  if (type === 'fact.disputed') return { ...fact, status: 'disputed', disputedBy: personRef(actor), disputedAt: at, disputeNote: note };
  const verdict = canVerify(fact, actor);
  if (!verdict.ok) return verdict;
  return { ...fact, status: 'verified', verifiedBy: personRef(actor), verifiedAt: at, ...(note ? { verifyNote: note } : {}) };
}

async function changeFact(core: Core, incident: Incident, intent: Omit<FactChangeIntent, 'incidentKey' | 'at'>, eventKey?: string): Promise<FactChange> {
  const { result } = await factChangeOp.run(core, opKey('fact-change', incident.key, eventKey), { ...intent, incidentKey: incident.key, at: core.now() });
  const fact = (await findIncident(core.db, incident.key))!.facts!.find((f) => f.id === intent.id && f.v === result.v)!;
  return result.changed ? { changed: true, fact } : { changed: false, fact, why: result.why };
}

/** Verifies the current version of a fact, with what it was checked against if said; never by its author, and once. */
export async function verifyFact(core: Core, incident: Incident, id: string, actor: PersonRef, eventKey?: string, note?: string): Promise<FactChange> {
  return changeFact(core, incident, { id, actor: personRef(actor), type: 'fact.verified', ...(note ? { note } : {}) }, eventKey);
}

export async function disputeFact(core: Core, incident: Incident, id: string, note: string, actor: PersonRef, eventKey?: string): Promise<FactChange> {
  return changeFact(core, incident, { id, actor: personRef(actor), type: 'fact.disputed', note }, eventKey);
}

type ImpactIntent = { incidentKey: string; input: Omit<Impact, 'n' | 'by' | 'at'>; actor: PersonRef; at: Date };

const impactOp = defineOp('impact', async (core: Core, key: string, { incidentKey, input, actor, at }: ImpactIntent, resumed: boolean) => {
  const { incident: updated, note } = await updateIncidentOnce(core.db, incidentKey, key, (current) => {
    const impacts = current.impacts ?? [];
    const impact: Impact = { ...input, n: impacts.length + 1, by: personRef(actor), at };
    const criteria = mergedCriteria(current.criteria ?? {}, impact, core.playbook.currency);
    const g = grade(core.playbook.levels, criteria);
    const regrade = g.level !== current.level ? { level: g.level, reasons: g.reasons, at, impact: impact.n } : null;
    return { set: { impacts: [...impacts, impact], criteria, regrade }, note: { n: impact.n } };
  });
  const impact = updated.impacts!.find((i) => i.n === note.n)!;
  const { by: _b, at: _at, ...data } = impact;
  await appendEvent(core.db, incidentKey, { at, type: 'impact.assessed', actor: actor.name, data }, onceOpts(key, resumed));
  if (updated.regrade && updated.regrade.impact === impact.n) {
    await appendEvent(core.db, incidentKey, { at, type: 'level.suggested', actor: 'crisis-bot', data: { level: updated.regrade.level, from: updated.level, reasons: updated.regrade.reasons } }, onceOpts(`${key}:suggested`, resumed));
  }
  await (resumed ? enqueueMissing : enqueue)(core, updated, [{ kind: 'refresh-assessment' }], `impact${impact.n}`);
  return note;
});

/**
 * Records an impact assessment. Its grading criteria join what is known; when they now point at
 * another level than the incident's, the fact sheet suggests the change (Change / Keep).
 * Returns undefined for a delivery already handled.
 */
export async function assessImpact(core: Core, incident: Incident, input: Omit<Impact, 'n' | 'by' | 'at'>, actor: PersonRef, eventKey?: string): Promise<{ impact: Impact; incident: Incident } | undefined> {
  const { result, duplicate } = await impactOp.run(core, opKey('impact', incident.key, eventKey), { incidentKey: incident.key, input, actor: personRef(actor), at: core.now() });
  if (duplicate) return undefined;
  const updated = (await findIncident(core.db, incident.key))!;
  return { impact: updated.impacts!.find((i) => i.n === result.n)!, incident: updated };
}

// Level changes and keeps live with the other deadline-moving operations; re-exported for the
// callers that know them as part of the assessment.
export { changeLevel, keepLevel, LEVEL_OP } from '../incidents/level.ts';
