import { registerDelivery } from '../outbox/deliveries.ts';
import { actionNoticeCard } from './messaging.ts';

/** How RCA versions and action changes reach the war room: one line each (overdue alerts go as deadline DMs and notices). */

registerDelivery('action-notice', async ({ core, incident, port, room, once }, effect) => {
  await port.post(room(), actionNoticeCard(core, incident, effect), once());
});
