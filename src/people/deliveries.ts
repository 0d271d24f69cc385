import { registerDelivery } from '../outbox/deliveries.ts';
import { stepsOf } from '../store/steps.ts';
import { changeLine, handoverOfferCard, roleBriefCard, rolesCard } from './messaging.ts';

/** How role changes reach people: the Roles card in the war room, the role brief and the handover offer by DM. */

registerDelivery('roles-card', async ({ core, incident, port, room, once }, effect) => {
  await port.post(room(), rolesCard(core, incident, changeLine(core, incident, effect)), once());
});

registerDelivery('role-brief', async ({ core, incident, room, dmOrRoom }, effect) => {
  const steps = await stepsOf(core.db, incident);
  await dmOrRoom(effect.to, roleBriefCard(core, incident, effect.role, effect.to, steps, incident.room?.id ? room() : undefined));
});

registerDelivery('handover-offer', async ({ incident, dmOrRoom }, effect) => {
  await dmOrRoom(effect.to, handoverOfferCard(incident, effect.by));
});
