import { rosterCard } from '../src/people/roster-card.ts';
import { arg, defineCommand } from './define.ts';
import { role } from './people-kinds.ts';
import { reply } from './types.ts';

/** `roster [ROLE]`: who holds each role, their platform ids, who is on duty now (roster.yml on_duty). */
export const rosterCommand = defineCommand({
  name: 'roster',
  help: 'help.roster',
  description: 'discord.cmd.roster',
  args: [arg('role', role(false), { description: 'discord.opt.role' })],
  async run(core, inv, { role: only }) {
    return reply(rosterCard(core.playbook, inv.locale, core.now(), only));
  },
});
