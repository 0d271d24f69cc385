import { randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { personRef } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { rate } from '../playbook/risks.ts';
import type { Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { insertRisk, readRisk, reviewEvery, riskConfig, riskMadeBy, writeRisk, type Risk, type RiskFields } from './register.ts';

/**
 * Changes of the risk register, each one operation (src/ops/define.ts) keyed by the platform
 * delivery, so a form submitted twice records once and a crash is finished by the recovery pass.
 * Every change is a version of the risk with who made it and why (register.ts).
 */

export type RiskChange =
  | { kind: 'update'; fields: RiskFields; reason: string; nextReviewAt?: number }
  | { kind: 'review'; note: string; likelihood?: number; impact?: number; nextReviewAt?: number }
  | { kind: 'retire'; reason: string };

export type RiskRefusal = 'unknown' | 'retired' | 'linked';
type Done = { id?: string; v?: number; refused?: RiskRefusal };

type AddIntent = { fields: RiskFields; nextReviewAt?: number; actor: PersonRef; at: number; platform: string };

const addOp = defineOp('risk-add', async (core: Core, key: string, { fields, nextReviewAt, actor, at, platform }: AddIntent): Promise<Done> => {
  const earlier = await riskMadeBy(core.db, key);
  if (earlier) return { id: earlier._id, v: 1 };
  const cfg = riskConfig(core);
  const when = new Date(at);
  const rating = rate(cfg.matrix, fields.likelihood, fields.impact);
  const next = new Date(nextReviewAt ?? at + reviewEvery(cfg, rating));
  const made = await insertRisk(core.db, {
    ...fields,
    rating,
    nextReviewAt: next,
    status: 'active',
    version: 1,
    versions: [{ ...fields, v: 1, kind: 'created', at: when, by: actor, rating, nextReviewAt: next, op: key }],
    incidents: [],
    platform,
    createdAt: when,
  });
  return { id: made._id, v: 1 };
});

/** Adds a risk once per delivery; its id (`risk-<n>`). */
export async function addRisk(core: Core, fields: RiskFields, actor: PersonRef, opts: { eventKey?: string; nextReviewAt?: Date; platform: string }): Promise<Risk> {
  const key = `risk-add:${opts.eventKey ?? randomUUID()}`;
  const { result } = await addOp.run(core, key, { fields, nextReviewAt: opts.nextReviewAt?.getTime(), actor: personRef(actor), at: core.now().getTime(), platform: opts.platform });
  return (await readRisk(core.db, result.id!))!;
}

type ChangeIntent = { id: string; change: RiskChange; actor: PersonRef; at: number };

const changeOp = defineOp('risk-change', async (core: Core, key: string, { id, change, actor, at }: ChangeIntent): Promise<Done> => {
  const cfg = riskConfig(core);
  let refused: RiskRefusal | undefined;
  const written = await writeRisk(core.db, id, key, (r) => {
    if (r.status === 'retired') refused = 'retired';
    const when = new Date(at);
    const base = { title: r.title, category: r.category, likelihood: r.likelihood, impact: r.impact, ownerRole: r.ownerRole, ownerPerson: r.ownerPerson, mitigation: r.mitigation, plan: r.plan };
    if (refused) return null;
    if (change.kind === 'retire') {
      return { set: { status: 'retired' }, version: { ...base, kind: 'retired', at: when, by: actor, rating: r.rating, nextReviewAt: r.nextReviewAt, reason: change.reason } };
    }
    const fields: RiskFields = change.kind === 'update' ? change.fields : { ...base, likelihood: change.likelihood ?? r.likelihood, impact: change.impact ?? r.impact };
    const rating = rate(cfg.matrix, fields.likelihood, fields.impact);
    // A review starts the next interval; an update keeps the date unless the rating (and with it the interval) changed.
    const next = change.nextReviewAt ?? (change.kind === 'review' || rating !== r.rating ? at + reviewEvery(cfg, rating) : r.nextReviewAt.getTime());
    const nextReviewAt = new Date(next);
    // A changed text replaces a starting entry's translations: they would no longer say the same.
    const texts = r.texts && (fields.title !== r.title || fields.mitigation !== r.mitigation) ? undefined : r.texts;
    const set: Partial<Risk> = { ...fields, ownerRole: fields.ownerRole ?? null, ownerPerson: fields.ownerPerson ?? null, plan: fields.plan ?? null, rating, nextReviewAt, texts: texts ?? null } as Partial<Risk>;
    const version = { ...fields, kind: change.kind === 'update' ? ('updated' as const) : ('reviewed' as const), at: when, by: actor, rating, nextReviewAt, ...(change.kind === 'update' ? { reason: change.reason } : { note: change.note }) };
    return { set, version };
  });
  if (!written) return { refused: 'unknown' };
  return refused ? { refused } : { id, v: written.versions.find((v) => v.op === key)?.v };
});

/** Updates, reviews or retires a risk once per delivery; says why nothing changed otherwise. */
export async function changeRisk(core: Core, id: string, change: RiskChange, actor: PersonRef, eventKey?: string): Promise<{ refused?: RiskRefusal; risk?: Risk; v?: number }> {
  const key = `risk:${id}:${eventKey ?? randomUUID()}`;
  const { result } = await changeOp.run(core, key, { id, change, actor: personRef(actor), at: core.now().getTime() });
  return { refused: result.refused, v: result.v, risk: (await readRisk(core.db, id)) ?? undefined };
}

type LinkIntent = { id: string; incidentKey: string; actor: PersonRef; at: number };

const linkOp = defineOp('risk-link', async (core: Core, key: string, { id, incidentKey, actor, at }: LinkIntent, resumed: boolean): Promise<Done> => {
  let refused: RiskRefusal | undefined;
  const written = await writeRisk(core.db, id, key, (r) => {
    const when = new Date(at);
    const base = { title: r.title, category: r.category, likelihood: r.likelihood, impact: r.impact, ownerRole: r.ownerRole, ownerPerson: r.ownerPerson, mitigation: r.mitigation, plan: r.plan };
    if (r.incidents.includes(incidentKey)) {
      refused = 'linked';
      return null;
    }
    return { set: { incidents: [...r.incidents, incidentKey] }, version: { ...base, kind: 'linked', at: when, by: actor, rating: r.rating, nextReviewAt: r.nextReviewAt, incident: incidentKey } };
  });
  if (!written) return { refused: 'unknown' };
  if (refused) return { refused };
  await appendEvent(core.db, incidentKey, { at: new Date(at), type: 'risk.linked', actor: actor.name, data: { risk: id, title: written.title, rating: written.rating } }, { once: key, lookBack: resumed ? 50 : 1 });
  return { id };
});

/** Records that the incident realised the risk: a version of the risk and an event in the incident's timeline. */
export async function linkRisk(core: Core, incident: Incident, id: string, actor: PersonRef, eventKey?: string): Promise<{ refused?: RiskRefusal; risk?: Risk }> {
  const key = `risk-link:${incident.key}:${id}:${eventKey ?? randomUUID()}`;
  const { result } = await linkOp.run(core, key, { id, incidentKey: incident.key, actor: personRef(actor), at: core.now().getTime() });
  return { refused: result.refused, risk: (await readRisk(core.db, id)) ?? undefined };
}
