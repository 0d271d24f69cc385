import type { Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { instantiateChecklist } from '../domain/checklist.ts';
import { grade, type CriteriaInput, type Reason } from '../domain/grading.ts';
import { OPEN_STATUSES } from '../domain/lifecycle.ts';
import type { LevelNumber } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import { claim, claimRef, setClaimRef } from '../store/claims.ts';
import { findIncident, insertWithNextKey, updateIncident, type Incident } from '../store/incidents.ts';
import type { Step } from '../store/records.ts';
import { findStep, insertSteps, stepsOf as readSteps, writeStep } from '../store/steps.ts';
import { appendEvent, hasEvents } from '../store/timeline.ts';
import { boardAdd, readBoard } from '../store/board.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { scheduleRaise, scheduleReopened } from '../scheduler/schedule.ts';
import { assessmentTeam, LEAD_ROLE, membersWithRole, personRef, platformId } from './roster.ts';

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

export async function raise(core: Core, input: RaiseInput, origin: Origin): Promise<RaiseResult> {
  const suggested = grade(core.playbook.levels, input.criteria);
  const eventClaim = origin.eventKey ? `raise:${origin.platform}:${origin.eventKey}` : undefined;
  if (eventClaim && !(await claim(core.db, eventClaim))) {
    return { incident: await waitForEventIncident(core, eventClaim), duplicate: true, suggested };
  }
  const now = core.now();
  const level = input.level ?? suggested.level;
  const levelDef = core.playbook.levels.find((l) => l.level === level)!;
  const leadPerson = core.playbook.roster.find((p) => p.roles.includes(LEAD_ROLE) && platformId(p, origin.platform));
  const incident = await insertWithNextKey(core.db, now, {
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
    lead: leadPerson ? { id: platformId(leadPerson, origin.platform)!, name: leadPerson.name } : undefined,
    raisedAt: now,
    ackDueAt: new Date(now.getTime() + levelDef.response.acknowledge),
    eventKey: origin.eventKey,
    replyTo: origin.replyTo,
    setupDone: false,
  });
  if (eventClaim) await setClaimRef(core.db, eventClaim, incident.key);
  await completeSetup(core, incident);
  return { incident, duplicate: false, suggested };
}

async function waitForEventIncident(core: Core, eventClaim: string): Promise<Incident> {
  // The first delivery may still be writing; a retry arrives within Slack's/Discord's seconds.
  for (let i = 0; i < 100; i++) {
    const key = await claimRef(core.db, eventClaim);
    const found = key ? await findIncident(core.db, key) : null;
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${eventClaim} was claimed but no incident appeared`);
}

/**
 * Writes everything a raise implies after the incident itself: steps, the first timeline
 * events and the outbox effects. Idempotent, so a crash in between is finished at start-up.
 */
export async function completeSetup(core: Core, incident: Incident): Promise<void> {
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

  if (!(await hasEvents(db, incident.key))) {
    const actor = incident.reporter.name;
    await appendEvent(db, incident.key, {
      at: incident.raisedAt,
      type: 'incident.raised',
      actor,
      data: { title: incident.title, type: incident.type, level, suggested: incident.suggestedLevel, reasons: incident.gradeReasons, drill: incident.drill },
    });
    if (incident.overrideReason) {
      await appendEvent(db, incident.key, {
        at: incident.raisedAt,
        type: 'level.overridden',
        actor,
        data: { level, suggested: incident.suggestedLevel, reason: incident.overrideReason },
      });
    }
  }
  const team = assessmentTeam(playbook, incident).map(personRef);
  await enqueue(core, incident, [
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

/** Finishes raises that a crash interrupted. */
export async function resumeSetups(core: Core): Promise<number> {
  const unfinished = (await core.db.m.Incident.find({ setupDone: false }).lean()) as unknown as Incident[];
  for (const i of unfinished) await completeSetup(core, i);
  return unfinished.length;
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

export type TickResult = { changed: true; step: Step } | { changed: false; step: Step };

/**
 * Marks a step done (or open again). Each transition of a step version is claimed once, so
 * any number of simultaneous clicks give one change and one timeline event.
 */
export async function setStepDone(core: Core, incident: Incident, n: number, done: boolean, actor: Actor): Promise<TickResult> {
  const { db } = core;
  const step = await findStep(db, incident.key, n);
  if (!step) throw new Error(`step ${n} of ${incident.key} vanished`);
  const wanted = done ? 'done' : 'open';
  if (step.status === wanted || !(await claim(db, `step:${incident.key}:${n}:v${step.version}`))) {
    return { changed: false, step: (await findStep(db, incident.key, n)) ?? step };
  }
  const at = core.now();
  const change: Partial<Step> = done ? { status: 'done', doneBy: actor, doneAt: at, version: step.version + 1 } : { status: 'open', version: step.version + 1 };
  await writeStep(db, incident.key, n, change, done ? [] : ['doneBy', 'doneAt']);
  const due = step.dueAt.getTime();
  await updateIncident(db, incident.key, (current) => {
    const rest = [...(current.openDue ?? [])];
    const i = rest.findIndex((d) => d.getTime() === due);
    if (done && i >= 0) rest.splice(i, 1);
    if (!done) rest.push(step.dueAt);
    return { openDue: rest };
  });
  await appendEvent(db, incident.key, {
    at,
    type: done ? 'step.done' : 'step.reopened',
    actor: actor.name,
    data: { n, title: step.title, stepId: step.planStepId },
  });
  await enqueue(core, incident, [{ kind: 'refresh-checklist', page: step.page }], `v${step.version + 1}-n${n}`);
  // A tick needs no alert write (the sweep drops the stale ladder); a reopen starts a new one.
  if (!done) await scheduleReopened(core, incident, { n, version: step.version + 1, dueAt: step.dueAt });
  const { doneBy: _by, doneAt: _at, ...openStep } = step;
  return { changed: true, step: done ? { ...step, ...change } : { ...openStep, ...change } };
}
