import { readerZone } from '../src/playbook/zone.ts';
import { reportSummaryCard } from '../src/report/card.ts';
import { buildReport } from '../src/report/model.ts';
import { arg, defineCommand } from './define.ts';
import { incident } from './kinds.ts';
import { reply } from './types.ts';

/** `report [KEY]`: the draft summary report's card (headline metrics, what is missing), times in the reader's zone. */
export const reportCommand = defineCommand({
  name: 'report',
  help: 'help.report',
  description: 'discord.cmd.report',
  args: [arg('key', incident('always'), { description: 'discord.opt.keyOptional' })],
  async run(core, inv, { key: found }) {
    const model = await buildReport(core, found.key);
    return reply(reportSummaryCard(model, { core, locale: inv.locale, zone: readerZone(core.playbook, inv) }));
  },
});
