import { t } from '../src/i18n/index.ts';
import { askForHelp } from '../src/incidents/deadlines.ts';
import { note } from '../src/ui/card.ts';
import { arg, defineCommand } from './define.ts';
import { incident, step } from './kinds.ts';
import { reply } from './types.ts';

/** `need-help KEY N`: the lead hears at once (the Need help button on an overdue DM). */
export const needHelpCommand = defineCommand({
  name: 'need-help',
  help: 'help.needHelp',
  description: 'discord.cmd.needHelp',
  args: [arg('key', incident('always'), { description: 'discord.opt.key', required: true }), arg('n', step, { description: 'discord.opt.n', required: true })],
  preconditions: ['watched', 'openStep'],
  buttons: { 'step.help': { parts: ['key', 'n'] } },
  async run(core, inv, { key: incident, n: s }) {
    const lead = await askForHelp(core, incident, s, inv.user, inv.eventKey);
    return reply(note(lead ? t(inv.locale, 'needHelp.done', { n: s.n, key: incident.key, lead: lead.name }) : t(inv.locale, 'needHelp.noLead', { n: s.n, key: incident.key }), 'success'));
  },
});
