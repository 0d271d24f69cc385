import { t } from '../src/i18n/index.ts';
import { acknowledge } from '../src/incidents/deadlines.ts';
import { note } from '../src/ui/card.ts';
import { arg, defineCommand } from './define.ts';
import { incident } from './kinds.ts';
import { reply } from './types.ts';

/** `ack KEY`: the lead takes the incident on; the acknowledgement deadline stops biting. */
export const ackCommand = defineCommand({
  name: 'ack',
  help: 'help.ack',
  description: 'discord.cmd.ack',
  args: [arg('key', incident('always'), { description: 'discord.opt.key', required: true })],
  preconditions: ['lead', 'watched'],
  buttons: { 'incident.ack': { parts: ['key'] } },
  async run(core, inv, { key: incident }) {
    const result = await acknowledge(core, incident, inv.user);
    if (!result.changed) return reply(note(t(inv.locale, 'ack.already', { key: incident.key, user: result.incident.ackedBy?.name ?? '?' })));
    return reply(note(t(inv.locale, 'ack.done', { key: incident.key }), 'success'));
  },
});
