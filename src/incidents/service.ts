import type { Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { instantiateChecklist } from '../domain/checklist.ts';
import { grade, type CriteriaInput, type Reason } from '../domain/grading.ts';
import { OPEN_STATUSES } from '../domain/lifecycle.ts';
import type { LevelNumber } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import { claim } from '../store/claims.ts';
import { findIncident, insertWithNextKey, type Incident } from '../store/incidents.ts';
import type { Step } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { isDuplicateKey } from '../store/connect.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { LEAD_ROLE, membersWithRole, platformId } from './roster.ts';

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
  if (origin.eventKey && !(await claim(core.db, `raise:${origin.platform}:${origin.eventKey}`))) {
    return { incident: await waitForEventIncident(core, origin.eventKey), duplicate: true, suggested };
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
  await completeSetup(core, incident);
  return { incident, duplicate: false, suggested };
}

async function waitForEventIncident(core: Core, eventKey: string): Promise<Incident> {
  // The first delivery may still be writing; a retry arrives within Slack's/Discord's seconds.
  for (let i = 0; i < 100; i++) {
    const found = (await core.db.m.Incident.findOne({ eventKey }).lean()) as unknown as Incident | null;
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`event ${eventKey} was claimed but no incident appeared`);
}

const ignoreDuplicates = (err: unknown) => {
  const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  const allDup = writeErrors?.every((e) => (e.code ?? e.err?.code) === 11000);
  if (!isDuplicateKey(err) && !allDup) throw err;
};

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
  await db.m.Step.insertMany(
    drafts.map((d) => ({
      incidentKey: incident.key,
      n: d.n,
      planStepId: d.planStepId,
      phase: d.phase,
      title: plan.steps.find((s) => s.id === d.planStepId)!.title,
      ownerRole: d.ownerRole,
      owners: membersWithRole(playbook, d.ownerRole, platform).map(({ id, name }) => ({ id, name })),
      dueAt: d.dueAt,
      status: 'open',
      version: 0,
      page: Math.floor((d.n - 1) / pageSize),
    })),
    { ordered: false },
  ).catch(ignoreDuplicates);

  const hasEvents = await db.m.Timeline.exists({ incidentKey: incident.key });
  if (!hasEvents) {
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
  await enqueue(core, incident, [{ kind: 'open-room' }, { kind: 'invite' }, { kind: 'post-summary' }, { kind: 'post-checklist' }, { kind: 'confirm-reporter' }]);
  await db.m.Incident.updateOne({ key: incident.key }, { $set: { setupDone: true } });
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

export async function stepsOf(core: Core, key: string): Promise<Step[]> {
  return (await core.db.m.Step.find({ incidentKey: key }).sort({ n: 1 }).lean()) as unknown as Step[];
}

export type OpenSummary = { incident: Incident; open: number; overdue: number };

/** The most recently raised open incidents (a list a person can read), and how many are open in all. */
export async function listOpen(core: Core, limit = STATUS_LIST_LIMIT): Promise<{ rows: OpenSummary[]; total: number }> {
  const now = core.now();
  const open = { status: { $in: OPEN_STATUSES } };
  const [incidents, total] = await Promise.all([
    core.db.m.Incident.find(open).sort({ raisedAt: -1 }).limit(limit).lean() as unknown as Promise<Incident[]>,
    core.db.m.Incident.countDocuments(open),
  ]);
  if (incidents.length === 0) return { rows: [], total };
  // Two indexed reads instead of one count per incident.
  const keys = incidents.map((i) => i.key);
  const openSteps = await core.db.m.Step.find({ incidentKey: { $in: keys }, status: 'open' }).select({ incidentKey: 1, dueAt: 1, _id: 0 }).lean();
  const counts = new Map<string, { open: number; overdue: number }>();
  for (const s of openSteps) {
    const c = counts.get(s.incidentKey) ?? { open: 0, overdue: 0 };
    c.open++;
    if (s.dueAt.getTime() < now.getTime()) c.overdue++;
    counts.set(s.incidentKey, c);
  }
  return { rows: incidents.map((incident) => ({ incident, ...(counts.get(incident.key) ?? { open: 0, overdue: 0 }) })), total };
}

export type TickResult = { changed: true; step: Step } | { changed: false; step: Step };

/**
 * Marks a step done (or open again). Each transition of a step version is claimed once, so
 * any number of simultaneous clicks give one change and one timeline event.
 */
export async function setStepDone(core: Core, incident: Incident, n: number, done: boolean, actor: Actor): Promise<TickResult> {
  const { db } = core;
  const step = (await db.m.Step.findOne({ incidentKey: incident.key, n }).lean()) as unknown as Step | null;
  if (!step) throw new Error(`step ${n} of ${incident.key} vanished`);
  const wanted = done ? 'done' : 'open';
  if (step.status === wanted || !(await claim(db, `step:${incident.key}:${n}:v${step.version}`))) {
    return { changed: false, step: ((await db.m.Step.findOne({ incidentKey: incident.key, n }).lean()) as unknown as Step) ?? step };
  }
  const at = core.now();
  const set = done ? { status: 'done', doneBy: actor, doneAt: at, version: step.version + 1 } : { status: 'open', version: step.version + 1 };
  const updated = (await db.m.Step.findOneAndUpdate(
    { incidentKey: incident.key, n, version: step.version },
    done ? { $set: set } : { $set: set, $unset: { doneBy: 1, doneAt: 1 } },
    { new: true, lean: true },
  )) as unknown as Step;
  await appendEvent(db, incident.key, {
    at,
    type: done ? 'step.done' : 'step.reopened',
    actor: actor.name,
    data: { n, title: step.title, stepId: step.planStepId },
  });
  await enqueue(core, incident, [{ kind: 'refresh-checklist', page: step.page }], `v${step.version + 1}-n${n}`);
  return { changed: true, step: updated };
}
