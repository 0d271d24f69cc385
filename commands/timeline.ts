import { timelineCard } from '../src/incidents/messaging.ts';
import { readTimeline } from '../src/store/timeline.ts';
import { arg, defineCommand } from './define.ts';
import { incident } from './kinds.ts';
import { reply } from './types.ts';

/** `timeline KEY`: everything recorded for an incident, in order. */
export const timelineCommand = defineCommand({
  name: 'timeline',
  help: 'help.timeline',
  description: 'discord.cmd.timeline',
  args: [arg('key', incident('always'), { description: 'discord.opt.key', required: true })],
  async run(core, inv, { key: incident }) {
    return reply(timelineCard(core, incident, await readTimeline(core.db, incident.key), inv.locale));
  },
});
