import { registerDelivery } from '../outbox/deliveries.ts';
import { updateIncident } from '../store/incidents.ts';
import { continuityCard } from './messaging.ts';

/**
 * The Business continuity card: posted in the war room once (with the entry's posting-once key, so
 * a retry after a crash finds it), then edited in place. It is drawn at delivery from the incident
 * as it is then, so a burst of marks ends in the latest state.
 */
registerDelivery('continuity-card', async ({ core, incident, port, room, once }) => {
  const ref = incident.continuityMessage;
  if (ref?.id) return port.update({ room: ref.room, id: ref.id }, continuityCard(core, incident, core.now()));
  const posted = await port.post(room(), continuityCard(core, incident, core.now()), once());
  await updateIncident(core.db, incident.key, () => ({ continuityMessage: { room: posted.room, id: posted.id } }));
});
