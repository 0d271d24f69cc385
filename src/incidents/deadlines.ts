import type { Core } from '../core.ts';
import { drillFilter, SNOOZE_MS } from '../domain/escalation.ts';
import { randomUUID } from 'node:crypto';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { updateIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef, Step } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { participants, personRef } from './roster.ts';

/**
 * What people do about deadlines: acknowledge, post a status update, snooze a step's alerts, ask
 * for help. Each writes the incident under its revision lock, records the timeline event and
 * queues the war-room messages; none touches the pending alerts — the sweep judges those against
 * this state when they fall due.
 */

export async function acknowledge(core: Core, incident: Incident, actor: PersonRef): Promise<{ changed: boolean; incident: Incident }> {
  const at = core.now();
  let changed = false;
  const updated = await updateIncident(core.db, incident.key, (current) => {
    if (current.ackedAt) return {};
    changed = true;
    return { ackedAt: at, ackedBy: personRef(actor) };
  });
  if (!changed) return { changed, incident: updated };
  const lateMs = updated.ackDueAt ? Math.max(0, at.getTime() - updated.ackDueAt.getTime()) : 0;
  await appendEvent(core.db, incident.key, { at, type: 'incident.acknowledged', actor: actor.name, data: { lateMs } });
  await enqueue(core, updated, [{ kind: 'room-notice', about: 'acked', by: personRef(actor), at: at.getTime(), notified: [], skipped: [] }, { kind: 'refresh-summary' }], 'ack');
  return { changed, incident: updated };
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

export async function snoozeStep(core: Core, incident: Incident, step: Step, actor: PersonRef): Promise<Date> {
  const at = core.now();
  const until = new Date(at.getTime() + SNOOZE_MS);
  const updated = await updateIncident(core.db, incident.key, (current) => ({
    snoozes: [...(current.snoozes ?? []).filter((s) => s.n !== step.n && s.until > at), { n: step.n, until }],
  }));
  const event = await appendEvent(core.db, incident.key, { at, type: 'step.snoozed', actor: actor.name, data: { n: step.n, until: until.toISOString(), minutes: SNOOZE_MS / 60_000 } });
  await enqueue(
    core,
    updated,
    [{ kind: 'room-notice', about: 'snoozed', n: step.n, by: personRef(actor), at: at.getTime(), until: until.getTime(), notified: [], skipped: [] }],
    `snooze:${event.seq}`,
  );
  return until;
}

/** Need help: the lead hears at once, by DM and in the war room. */
export async function askForHelp(core: Core, incident: Incident, step: Step, actor: PersonRef): Promise<PersonRef | undefined> {
  const at = core.now();
  const lead = incident.lead ? personRef(incident.lead) : undefined;
  const { alerted, skipped } = drillFilter(lead ? [lead] : [], incident.drill, participants(core.playbook, incident));
  const event = await appendEvent(core.db, incident.key, { at, type: 'step.help', actor: actor.name, data: { n: step.n, title: step.title, lead: lead?.name } });
  const notice = { about: 'help' as const, n: step.n, by: personRef(actor), at: at.getTime(), dueAt: step.dueAt.getTime() };
  await enqueue(core, incident, [...alerted.map((to) => ({ kind: 'dm' as const, to, ...notice })), { kind: 'room-notice', notified: alerted, skipped, ...notice }], `help:${event.seq}`);
  return alerted[0];
}
