import { registerDelivery } from '../outbox/deliveries.ts';
import { resourceAskCard, resourceNoticeCard } from './messaging.ts';
import { availableOf } from './service.ts';

/** How resource requests reach people: a line in the war room per change, the approver's DM with Approve / Decline. */

registerDelivery('resource-notice', async ({ core, incident, port, room, once }, effect) => {
  await port.post(room(), resourceNoticeCard(core, incident, effect), once());
});

registerDelivery('resource-ask', async ({ core, incident, dmOrRoom }, effect) => {
  const req = incident.requests?.find((r) => r.id === effect.id);
  if (!req) return;
  const r = core.playbook.resources.find((x) => x.id === req.resource);
  await dmOrRoom(effect.to, resourceAskCard(core, incident, req, r ? await availableOf(core, r) : undefined));
});
