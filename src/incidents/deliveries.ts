import { roomName } from '../domain/naming.ts';
import { registerDelivery, NotReady } from '../outbox/deliveries.ts';
import type { Locale } from '../playbook/text.ts';
import { recordRoom, updateIncident } from '../store/incidents.ts';
import { findStep } from '../store/steps.ts';
import { appendEvent, readEvent, timelineHead } from '../store/timeline.ts';
import { headOf } from './record-line.ts';
import { deadlineDm, roomNotice, updateCard } from './alert-cards.ts';
import { checklistPage, checklistPages, invitedCard, phaseChangedCard, readyCard, summaryCard } from './messaging.ts';
import { stepsOf } from './service.ts';
import { queueDigest } from '../statements/digest.ts';

/** How the incident's own effects reach its platform: the war room, its summary and checklist, deadline alerts, phase changes. */

registerDelivery('open-room', async ({ core, incident, port, members }) => {
  if (incident.room?.id) return;
  const { db, playbook } = core;
  const plan = playbook.plans.find((p) => p.id === incident.type)!;
  const level = playbook.levels.find((l) => l.level === incident.level)!;
  const opened = await port.openRoom({
    workspace: incident.workspace,
    name: roomName(incident.key, incident.title),
    topic: `${incident.key}: ${incident.title}`,
    private: Boolean(plan.private || level.private_room),
    members: [incident.reporter.id, ...members().map((m) => m.id)],
  });
  await updateIncident(db, incident.key, () => ({ room: opened }));
  await recordRoom(db, port.platform, incident.workspace, opened.id, incident.key);
  await appendEvent(db, incident.key, { type: 'room.opened', actor: 'crisis-bot', data: { room: opened.name, id: opened.id } });
});

registerDelivery('invite', async ({ core, incident, port, room, members, once }) => {
  const invited = members();
  const ids = [...new Set([incident.reporter.id, ...invited.map((m) => m.id)])];
  await port.invite(room(), ids);
  if (invited.length) await port.post(room(), invitedCard(core, incident, invited), once());
});

registerDelivery('post-summary', async ({ core, incident, port, room, once }) => {
  let ref = incident.summaryMessage?.id ? { room: incident.summaryMessage.room, id: incident.summaryMessage.id } : undefined;
  if (!ref) {
    ref = await port.post(room(), summaryCard(core, incident, headOf(await timelineHead(core.db, incident.key))), once());
    await updateIncident(core.db, incident.key, () => ({ summaryMessage: ref }));
  }
  // Pinning is idempotent on every platform, so a retry after a failed pin pins, not posts.
  await port.pin(ref);
  await queueDigest(core, incident);
});

registerDelivery('post-checklist', async ({ core, incident, port, room, once }) => {
  const cards = checklistPages(core, incident, await stepsOf(core, incident));
  const refs = [...(incident.checklistMessages ?? [])];
  for (let p = refs.length; p < cards.length; p++) {
    refs.push(await port.post(room(), cards[p]!, once(`page${p}`)));
    await updateIncident(core.db, incident.key, () => ({ checklistMessages: [...refs] }));
  }
});

registerDelivery('confirm-reporter', async ({ incident, port, room, replyTarget }) => {
  await port.tell(replyTarget(), readyCard({ ...incident, room: room() }));
});

registerDelivery('dm', async ({ core, incident, dmOrRoom }, effect) => {
  const step = effect.n !== undefined ? await findStep(core.db, incident.key, effect.n) : null;
  await dmOrRoom(effect.to, deadlineDm(core, incident, effect, step));
});

registerDelivery('room-notice', async ({ core, incident, port, room, once }, effect) => {
  const step = effect.n !== undefined ? await findStep(core.db, incident.key, effect.n) : null;
  await port.post(room(), roomNotice(core, incident, effect, step), once());
});

registerDelivery('post-update', async ({ core, incident, port, room, once }, effect) => {
  const event = await readEvent(core.db, incident.key, effect.seq);
  if (!event) throw new NotReady(`update event ${effect.seq} of ${incident.key} is not readable yet`);
  await port.post(room(), updateCard(core, incident, event), once());
});

registerDelivery('refresh-summary', async ({ core, incident, port }) => {
  const ref = incident.summaryMessage;
  if (!ref?.id) throw new NotReady(`the summary of ${incident.key} is not posted yet`);
  await port.update({ room: ref.room, id: ref.id }, summaryCard(core, incident, headOf(await timelineHead(core.db, incident.key))));
  // What changes the summary (level, phase, acknowledgement, an update) changes the stakeholder digest.
  await queueDigest(core, incident);
});

registerDelivery('phase-changed', async ({ incident, port, room, once }, effect) => {
  await port.post(room(), phaseChangedCard(incident, effect), once());
});

registerDelivery('refresh-checklist', async ({ core, incident, port }, effect) => {
  const ref = incident.checklistMessages?.[effect.page];
  if (!ref?.id) throw new NotReady(`checklist page ${effect.page} of ${incident.key} is not posted yet`);
  const steps = await stepsOf(core, incident);
  const pages = Math.max(...steps.map((s) => s.page)) + 1;
  await port.update({ room: ref.room!, id: ref.id }, checklistPage(core, incident, steps, effect.page, pages, incident.locale as Locale, core.now()));
});
