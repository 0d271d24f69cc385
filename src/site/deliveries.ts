import { registerDelivery } from '../outbox/deliveries.ts';
import { updateIncident } from '../store/incidents.ts';
import { siteCard } from './messaging.ts';

/**
 * The Site card: posted in the war room once (with the entry's posting-once key, so a retry after
 * a crash finds it), then edited in place (Slack chat.update, a Discord message edit) — as the
 * Business continuity card is. Drawn at delivery from the incident as it is then, so a burst of
 * changes ends in the latest state.
 */
registerDelivery('site-card', async ({ core, incident, port, room, once }) => {
  const ref = incident.siteMessage;
  if (ref?.id) return port.update({ room: ref.room, id: ref.id }, siteCard(core, incident, core.now()));
  const posted = await port.post(room(), siteCard(core, incident, core.now()), once());
  await updateIncident(core.db, incident.key, () => ({ siteMessage: { room: posted.room, id: posted.id } }));
});
