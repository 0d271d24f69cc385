import { registerDelivery } from '../outbox/deliveries.ts';
import { updateIncident } from '../store/incidents.ts';
import { recoveryCard } from './messaging.ts';

/**
 * The recovery card: posted in the war room once (with the entry's posting-once key, so a retry
 * after a crash finds it), then edited in place — as the Business continuity card is. Drawn at
 * delivery from the incident as it is then, so a burst of changes ends in the latest state.
 */
registerDelivery('recovery-card', async ({ core, incident, port, room, once }) => {
  const ref = incident.recoveryMessage;
  if (ref?.id) return port.update({ room: ref.room, id: ref.id }, recoveryCard(core, incident, core.now()));
  const posted = await port.post(room(), recoveryCard(core, incident, core.now()), once());
  await updateIncident(core.db, incident.key, () => ({ recoveryMessage: { room: posted.room, id: posted.id } }));
});
