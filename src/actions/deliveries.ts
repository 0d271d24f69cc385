import { registerDelivery } from '../outbox/deliveries.ts';
import { actionAssignedCard, actionNoticeCard } from './messaging.ts';

/** How RCA versions and action changes reach people: a line in the war room each, a DM to each new action's owner (overdue alerts go as deadline DMs and notices). */

registerDelivery('action-notice', async ({ core, incident, port, room, once }, effect) => {
  await port.post(room(), actionNoticeCard(core, incident, effect), once());
});

registerDelivery('action-assigned', async ({ core, incident, dmOrRoom }, effect) => {
  await dmOrRoom(effect.to, actionAssignedCard(core, incident, effect));
});
