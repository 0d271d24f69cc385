import { SNOOZE_MS } from '../src/domain/escalation.ts';
import { t } from '../src/i18n/index.ts';
import { snoozeStep } from '../src/incidents/deadlines.ts';
import { card, text } from '../src/ui/card.ts';
import { arg, defineCommand } from './define.ts';
import { incident, step } from './kinds.ts';
import { reply } from './types.ts';

/** `snooze KEY N`: the step's alerts wait 15 minutes (the Snooze button on an overdue DM). */
export const snoozeCommand = defineCommand({
  name: 'snooze',
  help: 'help.snooze',
  description: 'discord.cmd.snooze',
  args: [arg('key', incident('always'), { description: 'discord.opt.key', required: true }), arg('n', step, { description: 'discord.opt.n', required: true })],
  preconditions: ['watched', 'ownerOrLead', 'openStep'],
  buttons: { 'step.snooze': { parts: ['key', 'n'] } },
  async run(core, inv, { key: incident, n: s }) {
    const until = await snoozeStep(core, incident, s, inv.user, inv.eventKey);
    return reply(card(undefined, [text(t(inv.locale, 'snooze.done', { n: s.n, key: incident.key, minutes: SNOOZE_MS / 60_000 }), ' ', { time: until, style: 'full' })], 'success'));
  },
});
