import { randomUUID } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import type { Core } from '../core.ts';
import { personRef } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { staleOps } from '../store/ops.ts';
import type { Incident, PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { describeChange, type PlanChange, type Proposal } from './model.ts';
import { findProposal, insertProposal, markApplied, markRejected, proposalOfOp } from './store.ts';

/**
 * Proposing a plan change and marking one applied: each one operation (src/ops/define.ts), so a
 * retried form acts once and a crash between the writes is finished by the next delivery or the
 * recovery pass. Proposing writes the proposal (its global id taken under the unique `_id`) then
 * the timeline event on the incident it came from; applying writes the plan file, the status, then
 * the event.
 */

export const PROPOSE_OP = 'plan-propose';
export const APPLY_OP = 'plan-apply';
export const REJECT_OP = 'plan-reject';

type ProposeIntent = { incidentKey: string; plan: string; change: PlanChange; why: string; actor: PersonRef; at: number };

const proposeOp = defineOp(PROPOSE_OP, async (core: Core, key: string, intent: ProposeIntent, resumed: boolean): Promise<{ id: string }> => {
  const at = new Date(intent.at);
  // Resumed: the proposal this operation made before the crash, if it got that far.
  const p = (resumed ? await proposalOfOp(core.db, key) : null) ?? (await insertProposal(core.db, { op: key, incidentKey: intent.incidentKey, plan: intent.plan, change: intent.change, why: intent.why, by: intent.actor, at }));
  await appendEvent(core.db, intent.incidentKey, { at, type: 'plan.proposed', actor: intent.actor.name, data: { id: p.id, plan: p.plan, kind: p.change.kind, change: describeChange(p.change), why: p.why } }, { once: key, lookBack: resumed ? 50 : 1 });
  return { id: p.id };
});

export async function proposePlanChange(core: Core, incident: Incident, plan: string, change: PlanChange, why: string, actor: PersonRef, eventKey?: string) {
  const key = `plan-propose:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result, duplicate } = await proposeOp.run(core, key, { incidentKey: incident.key, plan, change, why, actor: personRef(actor), at: core.now().getTime() });
  return { ...result, duplicate };
}

/** The plan file's new text travels in the intent: a resumed apply writes the same bytes, never recomputes them from a file it already changed. */
type ApplyIntent = { id: string; file: string; text: string; by: string; at: number };

const applyOp = defineOp(APPLY_OP, async (core: Core, key: string, intent: ApplyIntent, resumed: boolean): Promise<{ id: string }> => {
  const at = new Date(intent.at);
  // Whole or not at all: a crash mid-write must not leave half a plan for the bot to load.
  await writeFile(`${intent.file}.${process.pid}.tmp`, intent.text);
  await rename(`${intent.file}.${process.pid}.tmp`, intent.file);
  await markApplied(core.db, intent.id, intent.by, at);
  const p = (await findProposal(core.db, intent.id))!;
  await appendEvent(core.db, p.incidentKey, { at, type: 'plan.applied', actor: intent.by, data: { id: p.id, plan: p.plan, change: describeChange(p.change) } }, { once: key, lookBack: resumed ? 50 : 1 });
  return { id: p.id };
}, { hostBound: true });

/** Writes the checked text to the plan file and marks the proposal applied, once per proposal. */
export const finishApply = (core: Core, p: Proposal, file: string, text: string, by: string) =>
  applyOp.run(core, `plan-apply:${p.id}`, { id: p.id, file, text, by, at: core.now().getTime() });

type RejectIntent = { id: string; reason: string; by: string; at: number };

const rejectOp = defineOp(REJECT_OP, async (core: Core, key: string, intent: RejectIntent, resumed: boolean): Promise<{ id: string }> => {
  const at = new Date(intent.at);
  await markRejected(core.db, intent.id, intent.by, intent.reason, at);
  const p = (await findProposal(core.db, intent.id))!;
  await appendEvent(core.db, p.incidentKey, { at, type: 'plan.rejected', actor: intent.by, data: { id: p.id, plan: p.plan, change: describeChange(p.change), why: intent.reason } }, { once: key, lookBack: resumed ? 50 : 1 });
  return { id: p.id };
});

/** Marks an open proposal rejected with the reason, once per proposal (the first reason stands). */
export const rejectProposal = (core: Core, p: Proposal, reason: string, by: string) =>
  rejectOp.run(core, `plan-reject:${p.id}`, { id: p.id, reason, by, at: core.now().getTime() });

/** Applies cut short by a crash (the file written, the mark not yet): finished by the next `plan-apply`, before it starts its own (never by the bot). */
export async function resumeStaleApplies(core: Core): Promise<number> {
  const stale = (await staleOps(core.db)).filter((op) => op.kind === APPLY_OP);
  for (const op of stale) await applyOp.resume(core, op.key);
  return stale.length;
}
