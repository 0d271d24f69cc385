import { incidentStatusCards, statusListCard } from '../src/incidents/messaging.ts';
import { listOpen, stepsOf } from '../src/incidents/service.ts';
import { incidentFromArgs } from './incident-arg.ts';
import { reply, type Command } from './types.ts';

export const statusCommand: Command = {
  name: 'status',
  async run(core, inv) {
    const incident = await incidentFromArgs(core, inv, inv.args.trim().split(/\s+/)[0] || undefined);
    if (incident) return reply(...incidentStatusCards(core, incident, await stepsOf(core, incident), inv.locale));
    return reply(statusListCard(inv.locale, await listOpen(core, inv), core.now()));
  },
};
