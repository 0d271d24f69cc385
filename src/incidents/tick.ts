import type { Core } from '../core.ts';
import { enqueue, enqueueMissing, type Effect } from '../outbox/enqueue.ts';
import { scheduleReopened } from '../scheduler/schedule.ts';
import { updateIncident, type Incident } from '../store/incidents.ts';
import { resumable } from '../ops/define.ts';
import { beginOp, finishOp, awaitOp, OP_LEASE_MS, type OpRun } from '../store/ops.ts';
import type { PersonRef, Step } from '../store/records.ts';
import { findStep, stepsOf, writeStepAt } from '../store/steps.ts';
import { appendEvent } from '../store/timeline.ts';

export type TickResult = { changed: true; step: Step } | { changed: false; step: Step };

/** What a tick or untick means to do, recorded before its first write (see store/ops.ts). */
export type TickIntent = { key: string; n: number; from: number; done: boolean; actor: PersonRef; at: number };

export const TICK_OP = 'tick';
/** The operation of one transition of one step version. */
export const tickKey = (key: string, n: number, version: number) => `step:${key}:${n}:v${version}`;

/**
 * Marks a step done (or open again). Each transition of a step version is one operation, so any
 * number of simultaneous clicks give one change and one timeline event, and a crash anywhere in
 * between is finished by the next click or the recovery pass — the step never stays locked.
 */
export async function setStepDone(core: Core, incident: Incident, n: number, done: boolean, actor: PersonRef): Promise<TickResult> {
  const { db } = core;
  for (let attempt = 0; attempt < 5; attempt++) {
    const step = await findStep(db, incident.key, n);
    if (!step) throw new Error(`step ${n} of ${incident.key} vanished`);
    if (step.status === (done ? 'done' : 'open')) {
      // The step may show a change whose other writes a crash cut short: finish them first.
      if (mayBeUnfinished(core, step)) await resumeTick(core, tickKey(incident.key, n, step.version - 1));
      return { changed: false, step };
    }
    const key = tickKey(incident.key, n, step.version);
    const intent: TickIntent = { key: incident.key, n, from: step.version, done, actor: { id: actor.id, name: actor.name }, at: core.now().getTime() };
    const begun = await beginOp(db, key, TICK_OP, intent);
    if (begun.state === 'busy') await awaitOp(db, key);
    if (begun.state !== 'run') {
      const now = (await findStep(db, incident.key, n)) ?? step;
      // That version was re-timed (a level change) rather than ticked: tick the new one.
      if (now.version > step.version && now.status !== (done ? 'done' : 'open')) continue;
      return { changed: false, step: now };
    }
    const outcome = await applyTick(core, key, begun);
    if (outcome === 'lost') continue;
    // An intent an earlier attempt recorded (someone else's click) was finished, not ours.
    return begun.resumed && begun.intent.at !== intent.at ? { changed: false, step: outcome } : { changed: true, step: outcome };
  }
  throw new Error(`step ${n} of ${incident.key} changed under every attempt`);
}

/**
 * Whether the change that brought the step to its version may have left writes to finish, and
 * the no-op tick should look (one read of the operation). Not for a step never changed, nor
 * within the operation's lease of the change (a repeated click, a platform's retry): whoever
 * holds it is finishing it, or its lease blocks a resume anyway, and a holder that died is the
 * recovery pass's once the lease is over. Steps written before `changedAt` existed always look.
 */
function mayBeUnfinished(core: Core, step: Step): boolean {
  if (step.version === 0) return false;
  return !step.changedAt || core.now().getTime() - step.changedAt.getTime() > OP_LEASE_MS;
}

/** Runs a recorded tick again, from wherever an earlier attempt stopped (the recovery pass). */
export const resumeTick = resumable<TickIntent>(TICK_OP, (core, key, run) => applyTick(core, key, run));

/** Every write is idempotent given the intent, so running it again from any point changes nothing twice. */
async function applyTick(core: Core, key: string, { intent, resumed }: OpRun<TickIntent>): Promise<Step | 'lost'> {
  const { db } = core;
  const at = new Date(intent.at);
  const version = intent.from + 1;
  const change: Partial<Step> = intent.done ? { status: 'done', doneBy: intent.actor, doneAt: at, version, changedAt: at } : { status: 'open', version, changedAt: at };
  const wrote = await writeStepAt(db, intent.key, intent.n, intent.from, change, intent.done ? [] : ['doneBy', 'doneAt']);
  const step = await findStep(db, intent.key, intent.n);
  const ours = step && step.version === version && step.status === change.status && (!intent.done || step.doneAt?.getTime() === intent.at);
  if (!step || (!wrote && !ours)) {
    // Someone changed the step first (another click, a level change re-timing it): nothing of ours was written.
    await finishOp(db, key, 'lost');
    return 'lost';
  }
  const incident = await updateIncident(db, intent.key, async (current) => ({ openDue: await openDueOf(core, current) }));
  await appendEvent(
    db,
    intent.key,
    { at, type: intent.done ? 'step.done' : 'step.reopened', actor: intent.actor.name, data: { n: intent.n, title: step.title, stepId: step.planStepId } },
    { once: key, lookBack: resumed ? 50 : 1 },
  );
  const effects: Effect[] = [{ kind: 'refresh-checklist', page: step.page }];
  await (resumed ? enqueueMissing : enqueue)(core, incident, effects, `v${version}-n${intent.n}`);
  // A tick needs no alert write (the sweep drops the stale ladder); a reopen starts a new one.
  if (!intent.done) await scheduleReopened(core, incident, { n: intent.n, version, dueAt: step.dueAt });
  await finishOp(db, key);
  return step;
}

/**
 * The due times of the incident's open steps, read from the steps themselves: recomputing (not
 * adding or removing one) is what makes the write idempotent, and reading inside the incident's
 * revision lease makes it see every step write that came before.
 */
export async function openDueOf(core: Core, incident: Pick<Incident, 'key' | 'stepCount'>): Promise<Date[]> {
  return (await stepsOf(core.db, incident)).filter((s) => s.status === 'open').map((s) => s.dueAt);
}

