import { t } from '../src/i18n/index.ts';
import { askForHelp } from '../src/incidents/deadlines.ts';
import { note } from '../src/ui/card.ts';
import { requireIncident, requireOpenStep, requireStep, requireWatched } from './preconditions.ts';
import { reply, type Command } from './types.ts';

/** `need-help KEY N`: the lead hears at once (the Need help button on an overdue DM). */
export const needHelpCommand: Command = {
  name: 'need-help',
  async run(core, inv) {
    const [keyArg, nArg] = inv.args.trim().split(/\s+/);
    const incident = await requireIncident(core, inv, 'need-help', keyArg);
    const step = await requireStep(core, inv, 'need-help', incident, nArg);
    requireWatched(core, inv, incident);
    requireOpenStep(core, inv, incident, step);
    const lead = await askForHelp(core, incident, step, inv.user, inv.eventKey);
    return reply(note(lead ? t(inv.locale, 'needHelp.done', { n: step.n, key: incident.key, lead: lead.name }) : t(inv.locale, 'needHelp.noLead', { n: step.n, key: incident.key }), 'success'));
  },
};
