import { SNOOZE_MS } from '../src/domain/escalation.ts';
import { t } from '../src/i18n/index.ts';
import { snoozeStep } from '../src/incidents/deadlines.ts';
import { card, text } from '../src/ui/card.ts';
import { requireIncident, requireOpenStep, requireOwnerOrLead, requireStep, requireWatched } from './preconditions.ts';
import { reply, type Command } from './types.ts';

/** `snooze KEY N`: the step's alerts wait 15 minutes (the Snooze button on an overdue DM). */
export const snoozeCommand: Command = {
  name: 'snooze',
  async run(core, inv) {
    const [keyArg, nArg] = inv.args.trim().split(/\s+/);
    const incident = await requireIncident(core, inv, 'snooze', keyArg);
    const step = await requireStep(core, inv, 'snooze', incident, nArg);
    requireWatched(core, inv, incident);
    requireOwnerOrLead(core, inv, incident, step);
    requireOpenStep(core, inv, incident, step);
    const until = await snoozeStep(core, incident, step, inv.user, inv.eventKey);
    return reply(card(undefined, [text(t(inv.locale, 'snooze.done', { n: step.n, key: incident.key, minutes: SNOOZE_MS / 60_000 }), ' ', { time: until, style: 'full' })], 'success'));
  },
};
