import { readerZone } from '../src/playbook/zone.ts';
import { reportSummaryCard } from '../src/report/card.ts';
import { buildReport } from '../src/report/model.ts';
import { splitKey } from './incident-arg.ts';
import { requireIncident } from './preconditions.ts';
import { reply, type Command } from './types.ts';

/** `report [KEY]`: the draft summary report's card (headline metrics, what is missing), times in the reader's zone. */
export const reportCommand: Command = {
  name: 'report',
  async run(core, inv) {
    const incident = await requireIncident(core, inv, 'report', splitKey(inv.args).key);
    const model = await buildReport(core, incident.key);
    return reply(reportSummaryCard(model, { core, locale: inv.locale, zone: readerZone(core.playbook, inv) }));
  },
};
