import type { Core } from '../core.ts';
import { firstStepAlert } from '../domain/escalation.ts';
import { grade } from '../domain/grading.ts';
import { randomUUID } from 'node:crypto';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing, type Effect } from '../outbox/enqueue.ts';
import type { LevelNumber } from '../playbook/schema.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { scheduleAlerts } from '../store/alerts.ts';
import { findIncident, updateIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import { preemptOp } from '../store/ops.ts';
import type { PersonRef } from '../store/records.ts';
import { stepsOf, writeStepAt } from '../store/steps.ts';
import { appendEvent } from '../store/timeline.ts';
import { personRef } from './roster.ts';
import { openDueOf, tickKey } from './tick.ts';

/**
 * Changing the level, and keeping it against a suggestion. Both are operations (store/ops.ts)
 * keyed by the platform delivery: a form or button delivered twice acts once because its key was
 * seen, not because the incident happens to look changed already (a second delivery arriving
 * after a later change would otherwise undo it).
 */

/** An operation's key: once per platform delivery when there is one, else once per call (still resumable). */
const opKey = (what: string, incidentKey: string, eventKey: string | undefined) => `${what}:${incidentKey}:${eventKey ?? randomUUID()}`;
const onceOpts = (key: string, resumed: boolean) => ({ once: key, lookBack: resumed ? 50 : 1 });

export const LEVEL_OP = 'level';

/** What a level change means to do, recorded before its first write (the shape in-flight operations carry). */
type LevelIntent = { key: string; to: LevelNumber; reason: string; actor: PersonRef; at: Date };
type LevelNote = { changed: boolean; from: number };
export type LevelResult = { changed: boolean; incident: Incident; retimed: number };

const levelOp = defineOp(LEVEL_OP, async (core: Core, key: string, intent: LevelIntent, resumed: boolean) => applyLevelChange(core, key, intent, resumed));

/**
 * Changes the level: the open steps are re-timed to the new level's deadlines (each step's ladder
 * starts again; one already past its new deadline is watched from now), the room hears it, the
 * timeline records it with the reason. Once per delivery (`eventKey`); a crash anywhere is
 * finished by the next delivery or the recovery pass, each write once.
 */
export async function changeLevel(core: Core, incident: Incident, to: LevelNumber, reason: string, actor: PersonRef, eventKey?: string): Promise<LevelResult> {
  const key = opKey('level', incident.key, eventKey);
  const { result } = await levelOp.run(core, key, { key: incident.key, to, reason, actor: personRef(actor), at: core.now() });
  return { changed: result.changed, retimed: result.retimed, incident: (await findIncident(core.db, incident.key))! };
}

async function applyLevelChange(core: Core, key: string, { key: incidentKey, to, reason, actor, at }: LevelIntent, resumed: boolean): Promise<{ changed: boolean; retimed: number }> {
  const once = await updateIncidentOnce<LevelNote>(core.db, incidentKey, key, (current) => {
    const from = current.level;
    if (from === to) return { set: {}, note: { changed: false, from } };
    // The summary's reasons are those of what is known now, next to who changed the level and why.
    const g = grade(core.playbook.levels, current.criteria ?? {});
    return { set: { level: to, regrade: null, suggestedLevel: g.level, gradeReasons: g.reasons, levelChange: { from, by: actor, reason, at } }, note: { changed: true, from } };
  });
  const { from, changed } = once.note;
  if (!changed) return { changed: false, retimed: 0 };
  let updated = once.incident;

  const plan = core.playbook.plans.find((p) => p.id === updated.type)!;
  const { ladder } = policyOf(core.playbook, to);
  const open = (await stepsOf(core.db, updated)).filter((s) => s.status === 'open');
  const retimed = open.map((s) => {
    const offset = plan.steps.find((p) => p.id === s.planStepId)!.due[String(to) as '1'];
    // A new version makes the old ladder's pending alerts stale; the sweep drops them.
    return s.retimedBy === key ? s : { ...s, dueAt: new Date(updated.raisedAt.getTime() + offset), version: s.version + 1, retimedBy: key, from: s.version };
  });
  // Each step's pending tick at that version is pre-empted first: on FerretDB a guarded update is
  // read-then-write, so a tick and a re-time must not both write the same version.
  await Promise.all(
    retimed.map(async (s) => {
      if (!('from' in s) || !(await preemptOp(core.db, tickKey(s.incidentKey, s.n, s.from), key))) return;
      await writeStepAt(core.db, s.incidentKey, s.n, s.from, { dueAt: s.dueAt, version: s.version, retimedBy: key });
    }),
  );
  await scheduleAlerts(core.db, retimed.map((s) => firstStepAlert(updated.key, s, ladder, at)), core.now);
  updated = await updateIncident(core.db, incidentKey, async (current) => ({ openDue: await openDueOf(core, current) }));

  await appendEvent(core.db, incidentKey, { at, type: 'level.changed', actor: actor.name, data: { from, to, reason, retimed: retimed.length } }, onceOpts(key, resumed));
  const pages = [...new Set(retimed.map((s) => s.page))];
  const effects: Effect[] = [
    { kind: 'level-changed', from, to, by: actor, reason, retimed: retimed.length, at: at.getTime() },
    { kind: 'refresh-summary' },
    { kind: 'refresh-assessment' },
    ...pages.map((page) => ({ kind: 'refresh-checklist' as const, page })),
  ];
  await (resumed ? enqueueMissing : enqueue)(core, updated, effects, `level:${from}-${to}:${at.getTime()}`);
  return { changed: true, retimed: retimed.length };
}

type KeepIntent = { incidentKey: string; suggested: number; actor: PersonRef; at: number };

const keepOp = defineOp('level-keep', async (core: Core, key: string, { incidentKey, suggested, actor, at }: KeepIntent, resumed: boolean) => {
  const { incident, note } = await updateIncidentOnce(core.db, incidentKey, key, (current) =>
    current.regrade?.level === suggested ? { set: { regrade: null }, note: { kept: true } } : { set: {}, note: { kept: false } },
  );
  if (!note.kept) return note;
  await appendEvent(core.db, incidentKey, { at: new Date(at), type: 'level.kept', actor: actor.name, data: { level: incident.level, suggested } }, onceOpts(key, resumed));
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'refresh-assessment' }], `keep:${suggested}:${at}`);
  return note;
});

/** Keeps the level the criteria argued against; the suggestion leaves the fact sheet. Once per delivery. */
export async function keepLevel(core: Core, incident: Incident, suggested: number, actor: PersonRef, eventKey?: string): Promise<boolean> {
  const key = opKey('keep', incident.key, eventKey);
  const { result } = await keepOp.run(core, key, { incidentKey: incident.key, suggested, actor: personRef(actor), at: core.now().getTime() });
  return result.kept;
}
