import { registerDelivery } from '../outbox/deliveries.ts';
import type { Locale } from '../playbook/text.ts';
import { serverZone } from '../ui/times.ts';
import { scorecardCard } from './messaging.ts';
import { readScorecard } from './read.ts';

/**
 * The drill's scorecard, posted in its war room once it closes (queued by src/incidents/phase.ts).
 * It is computed at delivery from the record as it stands then, like every card of the outbox,
 * and posted with the entry's key, so a retry finds the message instead of posting a second.
 */
registerDelivery('drill-scorecard', async ({ core, incident, port, room, once }) => {
  const sc = await readScorecard(core, incident);
  await port.post(room(), scorecardCard(sc, { core, locale: incident.locale as Locale, zone: core.playbook.timezone ?? serverZone() }), once());
});
