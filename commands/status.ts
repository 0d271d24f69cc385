import { t } from '../src/i18n/index.ts';
import { incidentStatusCards, statusListCard } from '../src/incidents/messaging.ts';
import { listOpen, stepsOf, type OpenSummary } from '../src/incidents/service.ts';
import { card, text, type Card } from '../src/ui/card.ts';
import type { Core } from '../src/core.ts';
import { arg, defineCommand } from './define.ts';
import { incident } from './kinds.ts';
import { mayAccess } from './preconditions.ts';
import { reply, type Invocation } from './types.ts';

/**
 * The open incidents this person may access; the private ones they may not appear as a count
 * only, never with a key or a title.
 */
async function listCard(core: Core, inv: Invocation): Promise<Card> {
  const { rows, total } = await listOpen(core, inv);
  const allowed = await Promise.all(rows.map((r) => mayAccess(core, inv, r.incident)));
  const shown: OpenSummary[] = rows.filter((_, i) => allowed[i]);
  const hidden = rows.length - shown.length;
  const list = statusListCard(inv.locale, { rows: shown, total: total - hidden }, core.now());
  if (!hidden) return list;
  const line = text(hidden === 1 ? t(inv.locale, 'access.privateOne') : t(inv.locale, 'access.privateMany', { n: hidden }));
  return shown.length ? { ...list, blocks: [...list.blocks, line] } : card(t(inv.locale, 'status.title'), [line]);
}

/** `status [KEY]`: one incident with its checklist (the war room's, inside one), or the open incidents. */
export const statusCommand = defineCommand({
  name: 'status',
  help: 'help.status',
  description: 'discord.cmd.status',
  args: [arg('key', incident('never'), { description: 'discord.opt.keyOptional' })],
  async run(core, inv, { key: incident }) {
    if (incident) return reply(...incidentStatusCards(core, incident, await stepsOf(core, incident), inv.locale));
    return reply(await listCard(core, inv));
  },
});
