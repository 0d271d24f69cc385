import { NotReady, registerDelivery } from '../outbox/deliveries.ts';
import { updateIncident } from '../store/incidents.ts';
import { assessInviteDm, assessmentCard, factCard, levelChangedCard } from './messaging.ts';

/** How the assessment's effects reach the war room: the fact sheet posted once and redrawn, invitations, fact cards, level changes. */

registerDelivery('post-assessment', async ({ core, incident, port, room, once }) => {
  if (incident.assessmentMessage?.id) return;
  const ref = await port.post(room(), assessmentCard(core, incident), once());
  await updateIncident(core.db, incident.key, () => ({ assessmentMessage: ref }));
});

registerDelivery('refresh-assessment', async ({ core, incident, port }) => {
  const ref = incident.assessmentMessage;
  if (!ref?.id) throw new NotReady(`the assessment card of ${incident.key} is not posted yet`);
  await port.update({ room: ref.room, id: ref.id }, assessmentCard(core, incident));
});

registerDelivery('assess-invite', async ({ core, incident, room, dmOrRoom }, effect) => {
  await dmOrRoom(effect.to, assessInviteDm(core, incident, room()));
});

registerDelivery('post-fact', async ({ incident, port, room, once }, effect) => {
  const fact = incident.facts?.find((f) => f.id === effect.id && f.v === effect.v);
  if (!fact) throw new NotReady(`fact ${effect.id} v${effect.v} of ${incident.key} is not readable yet`);
  await port.post(room(), factCard(incident, fact), once());
});

registerDelivery('level-changed', async ({ core, incident, port, room, once }, effect) => {
  await port.post(room(), levelChangedCard(core, incident, effect), once());
});
