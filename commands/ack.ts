import { t } from '../src/i18n/index.ts';
import { acknowledge } from '../src/incidents/deadlines.ts';
import { note } from '../src/ui/card.ts';
import { requireIncident, requireLead, requireWatched } from './preconditions.ts';
import { reply, type Command } from './types.ts';

/** `ack KEY`: the lead takes the incident on; the acknowledgement deadline stops biting. */
export const ackCommand: Command = {
  name: 'ack',
  async run(core, inv) {
    const incident = await requireIncident(core, inv, 'ack', inv.args.trim().split(/\s+/)[0]);
    requireLead(core, inv, incident);
    requireWatched(core, inv, incident);
    const result = await acknowledge(core, incident, inv.user);
    if (!result.changed) return reply(note(t(inv.locale, 'ack.already', { key: incident.key, user: result.incident.ackedBy?.name ?? '?' })));
    return reply(note(t(inv.locale, 'ack.done', { key: incident.key }), 'success'));
  },
};
