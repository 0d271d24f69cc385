import type { Core } from '../core.ts';
import { drillFilter, SNOOZE_MS } from '../domain/escalation.ts';
import { randomUUID } from 'node:crypto';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef, Step } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { participants, personRef } from './roster.ts';

/**
 * What people do about deadlines: acknowledge, post a status update, snooze a step's alerts, ask
 * for help. Each writes the incident under its revision lock, records the timeline event and
 * queues the war-room messages; none touches the pending alerts — the sweep judges those against
 * this state when they fall due.
 */

type AckIntent = { incidentKey: string; actor: PersonRef; at: number };

// One acknowledgement per incident: its key is the incident's, whoever presses and however often.
const ackOp = defineOp('ack', async (core: Core, key: string, { incidentKey, actor, at }: AckIntent, resumed: boolean) => {
  const { incident, note } = await updateIncidentOnce(core.db, incidentKey, key, (current) =>
    current.ackedAt ? { set: {}, note: { changed: false } } : { set: { ackedAt: new Date(at), ackedBy: actor }, note: { changed: true } },
  );
  if (!note.changed) return note;
  const lateMs = incident.ackDueAt ? Math.max(0, at - incident.ackDueAt.getTime()) : 0;
  await appendEvent(core.db, incidentKey, { at: new Date(at), type: 'incident.acknowledged', actor: actor.name, data: { lateMs } }, { once: key, lookBack: resumed ? 50 : 1 });
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'room-notice', about: 'acked', by: actor, at, notified: [], skipped: [] }, { kind: 'refresh-summary' }], 'ack');
  return note;
});

export async function acknowledge(core: Core, incident: Incident, actor: PersonRef): Promise<{ changed: boolean; incident: Incident }> {
  const { result, duplicate } = await ackOp.run(core, `ack:${incident.key}`, { incidentKey: incident.key, actor: personRef(actor), at: core.now().getTime() });
  return { changed: result.changed && !duplicate, incident: (await findIncident(core.db, incident.key))! };
}

type UpdateIntent = { incidentKey: string; actor: PersonRef; body: string; at: number };

const updateOp = defineOp('update', async (core: Core, key: string, { incidentKey, actor, body, at }: UpdateIntent, resumed: boolean) => {
  const { incident, note } = await updateIncidentOnce(core.db, incidentKey, key, (current) => {
    const n = (current.updateCount ?? 0) + 1;
    return { set: { updateCount: n, lastUpdateAt: new Date(at) }, note: { n } };
  });
  const { n } = note;
  const event = await appendEvent(core.db, incidentKey, { at: new Date(at), type: 'status.update', actor: actor.name, data: { n, text: body, by: personRef(actor) } }, { once: key, lookBack: resumed ? 50 : 1 });
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'post-update', seq: event.seq }, { kind: 'refresh-summary' }], `u${n}`);
  return { n, nextDue: at + policyOf(core.playbook, incident.level).cadence };
});

/**
 * Posts a status update in the war room and opens the next cadence window; once per delivery
 * (`eventKey`: a form submitted again, or delivered twice by the platform, posts nothing more).
 */
export async function postUpdate(core: Core, incident: Incident, actor: PersonRef, body: string, eventKey?: string): Promise<{ n: number; nextDue: Date }> {
  const key = `update:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result } = await updateOp.run(core, key, { incidentKey: incident.key, actor: personRef(actor), body, at: core.now().getTime() });
  return { n: result.n, nextDue: new Date(result.nextDue) };
}

type SnoozeIntent = { incidentKey: string; n: number; actor: PersonRef; at: number };

const snoozeOp = defineOp('snooze', async (core: Core, key: string, { incidentKey, n, actor, at }: SnoozeIntent, resumed: boolean) => {
  const until = at + SNOOZE_MS;
  const { incident } = await updateIncidentOnce(core.db, incidentKey, key, (current) => ({
    set: { snoozes: [...(current.snoozes ?? []).filter((s) => s.n !== n && s.until.getTime() > at), { n, until: new Date(until) }] },
    note: {},
  }));
  const event = await appendEvent(core.db, incidentKey, { at: new Date(at), type: 'step.snoozed', actor: actor.name, data: { n, until: new Date(until).toISOString(), minutes: SNOOZE_MS / 60_000 } }, { once: key, lookBack: resumed ? 50 : 1 });
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'room-notice', about: 'snoozed', n, by: actor, at, until, notified: [], skipped: [] }], `snooze:${event.seq}`);
  return { until };
});

export async function snoozeStep(core: Core, incident: Incident, step: Step, actor: PersonRef, eventKey?: string): Promise<Date> {
  const key = `snooze:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result } = await snoozeOp.run(core, key, { incidentKey: incident.key, n: step.n, actor: personRef(actor), at: core.now().getTime() });
  return new Date(result.until);
}

type HelpIntent = { incidentKey: string; step: Pick<Step, 'n' | 'title' | 'dueAt'>; actor: PersonRef; at: number };

const helpOp = defineOp('help', async (core: Core, key: string, { incidentKey, step, actor, at }: HelpIntent, resumed: boolean) => {
  const incident = (await findIncident(core.db, incidentKey))!;
  const lead = incident.lead ? personRef(incident.lead) : undefined;
  const { alerted, skipped } = drillFilter(lead ? [lead] : [], incident.drill, participants(core.playbook, incident));
  const event = await appendEvent(core.db, incidentKey, { at: new Date(at), type: 'step.help', actor: actor.name, data: { n: step.n, title: step.title, lead: lead?.name } }, { once: key, lookBack: resumed ? 50 : 1 });
  const notice = { about: 'help' as const, n: step.n, by: actor, at, dueAt: new Date(step.dueAt).getTime() };
  await (resumed ? enqueueMissing : enqueue)(core, incident, [...alerted.map((to) => ({ kind: 'dm' as const, to, ...notice })), { kind: 'room-notice', notified: alerted, skipped, ...notice }], `help:${event.seq}`);
  return { to: alerted[0] ?? null };
});

/** Need help: the lead hears at once, by DM and in the war room; once per delivery. */
export async function askForHelp(core: Core, incident: Incident, step: Step, actor: PersonRef, eventKey?: string): Promise<PersonRef | undefined> {
  const key = `help:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result } = await helpOp.run(core, key, { incidentKey: incident.key, step: { n: step.n, title: step.title, dueAt: step.dueAt }, actor: personRef(actor), at: core.now().getTime() });
  return result.to ?? undefined;
}
