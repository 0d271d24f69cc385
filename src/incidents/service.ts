import type { Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { instantiateChecklist } from '../domain/checklist.ts';
import { grade, type CriteriaInput, type Reason } from '../domain/grading.ts';
import { OPEN_STATUSES } from '../domain/lifecycle.ts';
import type { LevelNumber } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import { randomUUID } from 'node:crypto';
import { resumable } from '../ops/define.ts';
import { awaitOp, beginOp, finishOp } from '../store/ops.ts';
import { findIncident, incidentOfRaise, insertWithNextKey, updateIncident, type Incident } from '../store/incidents.ts';
import type { Step } from '../store/records.ts';
import { insertSteps, stepsOf as readSteps } from '../store/steps.ts';
import { appendEvent } from '../store/timeline.ts';
import { boardAdd, readBoard } from '../store/board.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { scheduleRaise } from '../scheduler/schedule.ts';
import { observe } from '../metrics/observe.ts';
import { assessmentTeam, membersWithRole, personRef } from './roster.ts';
import { leadAtRaise } from './identity.ts';

export type Actor = { id: string; name: string };
export type Origin = { platform: Platform; workspace: string; locale: Locale; reporter: Actor; eventKey?: string; replyTo?: { room?: string; token?: string } };

export type RaiseInput = {
  title: string;
  type: string;
  description?: string;
  location?: string;
  startedAt?: Date;
  criteria: CriteriaInput;
  /** Chosen by the reporter instead of the suggestion; needs a reason when it differs. */
  level?: LevelNumber;
  levelReason?: string;
  drill?: boolean;
};

export type { Step };

export type RaiseResult = { incident: Incident; duplicate: boolean; suggested: { level: LevelNumber; reasons: Reason[] } };

export const RAISE_OP = 'raise';

/** What a raise means to do, recorded before its first write (see store/ops.ts). */
export type RaiseIntent = { input: RaiseInput; origin: Origin; at: Date };

/**
 * Raises an incident, exactly once per platform delivery (`origin.eventKey`): a retried or
 * concurrent delivery gets the same incident, and a crash at any point is finished by the next
 * delivery or the recovery pass.
 */
export async function raise(core: Core, input: RaiseInput, origin: Origin): Promise<RaiseResult> {
  const suggested = grade(core.playbook.levels, input.criteria);
  const key = `raise:${origin.platform}:${origin.eventKey ?? randomUUID()}`;
  const begun = await beginOp<RaiseIntent>(core.db, key, RAISE_OP, { input, origin, at: core.now() });
  if (begun.state !== 'run') {
    const done = begun.state === 'done' ? begun.result : await awaitOp(core.db, key, 100);
    const incident = done ? await findIncident(core.db, done) : null;
    if (!incident) throw new Error(`${key} is being raised by another process`);
    return { incident, duplicate: true, suggested };
  }
  const incident = await runRaise(core, key, begun.intent, begun.resumed);
  return { incident, duplicate: begun.resumed, suggested };
}

/** Resumes a raise a crash interrupted (the recovery pass). */
export const resumeRaise = resumable<RaiseIntent>(RAISE_OP, (core, key, run) => runRaise(core, key, run.intent, true));

async function runRaise(core: Core, key: string, { input, origin, at }: RaiseIntent, resumed: boolean): Promise<Incident> {
  const incident = (resumed ? await incidentOfRaise(core.db, key) : null) ?? (await insertIncident(core, key, input, origin, at));
  await completeSetup(core, incident, { resumed });
  observe(core).incidentRaised(incident);
  await finishOp(core.db, key, incident.key);
  return incident;
}

async function insertIncident(core: Core, raiseOp: string, input: RaiseInput, origin: Origin, now: Date): Promise<Incident> {
  const suggested = grade(core.playbook.levels, input.criteria);
  const level = input.level ?? suggested.level;
  const levelDef = core.playbook.levels.find((l) => l.level === level)!;
  return insertWithNextKey(core.db, now, {
    title: input.title,
    description: input.description,
    location: input.location,
    startedAt: input.startedAt ?? now,
    type: input.type,
    level,
    suggestedLevel: suggested.level,
    gradeReasons: suggested.reasons,
    overrideReason: level !== suggested.level ? input.levelReason : undefined,
    criteria: input.criteria,
    status: 'identify',
    drill: input.drill ?? false,
    platform: origin.platform,
    workspace: origin.workspace,
    locale: origin.locale,
    reporter: origin.reporter,
    lead: leadAtRaise(core.playbook, origin.platform, origin.reporter),
    raisedAt: now,
    ackDueAt: new Date(now.getTime() + levelDef.response.acknowledge),
    eventKey: origin.eventKey,
    raiseOp,
    replyTo: origin.replyTo,
    setupDone: false,
  });
}

/**
 * Writes everything a raise implies after the incident itself: steps, the first timeline
 * events and the outbox effects. Idempotent, so a crash in between is finished at start-up.
 */
export async function completeSetup(core: Core, incident: Incident, { resumed }: { resumed: boolean }): Promise<void> {
  const { db, playbook } = core;
  const plan = playbook.plans.find((p) => p.id === incident.type)!;
  const level = incident.level as LevelNumber;
  const drafts = instantiateChecklist(plan, level, incident.raisedAt);
  const platform = incident.platform as Platform;
  const pageSize = CHECKLIST_PAGE_SIZE;
  await insertSteps(
    db,
    drafts.map((d) => ({
      incidentKey: incident.key,
      n: d.n,
      planStepId: d.planStepId,
      phase: d.phase,
      title: plan.steps.find((s) => s.id === d.planStepId)!.title,
      ownerRole: d.ownerRole,
      owners: membersWithRole(playbook, d.ownerRole, platform).map(personRef),
      dueAt: d.dueAt,
      status: 'open',
      version: 0,
      page: Math.floor((d.n - 1) / pageSize),
    })),
  );

  const actor = incident.reporter.name;
  const once = (what: string) => ({ once: `${incident.key}:${what}`, lookBack: resumed ? 5 : 1 });
  await appendEvent(
    db,
    incident.key,
    { at: incident.raisedAt, type: 'incident.raised', actor, data: { title: incident.title, type: incident.type, level, suggested: incident.suggestedLevel, reasons: incident.gradeReasons, drill: incident.drill } },
    once('raised'),
  );
  if (incident.overrideReason) {
    await appendEvent(db, incident.key, { at: incident.raisedAt, type: 'level.overridden', actor, data: { level, suggested: incident.suggestedLevel, reason: incident.overrideReason } }, once('overridden'));
  }
  const team = assessmentTeam(playbook, incident).map(personRef);
  // A resumed raise may find effects delivered already (and gone from the outbox): only the rest is queued.
  await (resumed ? enqueueMissing : enqueue)(core, incident, [
    { kind: 'open-room' },
    { kind: 'invite' },
    { kind: 'post-summary' },
    { kind: 'post-checklist' },
    { kind: 'post-assessment' },
    ...team.map((to) => ({ kind: 'assess-invite' as const, to })),
    { kind: 'confirm-reporter' },
  ]);
  await boardAdd(db, { key: incident.key, raisedAt: incident.raisedAt, scope: scopeOf(incident) });
  await scheduleRaise(core, incident, drafts.map((d) => ({ n: d.n, version: 0, dueAt: d.dueAt })));
  await updateIncident(db, incident.key, () => ({ setupDone: true, stepCount: drafts.length, openDue: drafts.map((d) => d.dueAt) }));
}

export const CHECKLIST_PAGE_SIZE = 10;
export const STATUS_LIST_LIMIT = 25;

export async function getIncident(core: Core, key: string): Promise<Incident | null> {
  return findIncident(core.db, key);
}

export const stepsOf = (core: Core, incident: Incident) => readSteps(core.db, incident);

export type OpenSummary = { incident: Incident; open: number; overdue: number };

/** The most recently raised open incidents (a list a person can read), and how many are open in all. */
export const scopeOf = (i: { platform: string; workspace: string }) => `${i.platform}:${i.workspace}`;

export async function listOpen(core: Core, scope: { platform: string; workspace: string }, limit = STATUS_LIST_LIMIT): Promise<{ rows: OpenSummary[]; total: number }> {
  const now = core.now().getTime();
  const board = (await readBoard(core.db)).filter((e) => e.scope === scopeOf(scope)).sort((a, b) => b.raisedAt.getTime() - a.raisedAt.getTime());
  // The newest few, each read by id; step counts come from each incident's openDue.
  const shown = await Promise.all(board.slice(0, limit).map((e) => findIncident(core.db, e.key)));
  const open = shown.filter((i): i is Incident => i !== null && OPEN_STATUSES.includes(i.status));
  const rows = open.map((incident) => ({
    incident,
    open: incident.openDue?.length ?? 0,
    overdue: (incident.openDue ?? []).filter((d) => d.getTime() < now).length,
  }));
  return { rows, total: board.length };
}
