import { UserError } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { timelineCard } from '../src/incidents/messaging.ts';
import { readTimeline } from '../src/store/timeline.ts';
import { incidentFromArgs } from './preconditions.ts';
import { reply, type Command } from './types.ts';

export const timelineCommand: Command = {
  name: 'timeline',
  async run(core, inv) {
    const incident = await incidentFromArgs(core, inv, inv.args.trim().split(/\s+/)[0] || undefined);
    if (!incident) throw new UserError(t(inv.locale, 'err.keyArg', { command: 'timeline' }), 'key');
    return reply(timelineCard(core, incident, await readTimeline(core.db, incident.key), inv.locale));
  },
};
