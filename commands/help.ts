import { t } from '../src/i18n/index.ts';
import { loc } from '../src/playbook/text.ts';
import { card, text } from '../src/ui/card.ts';
import { raiseFields } from './raise.ts';
import { reply, type Command } from './types.ts';

export const helpCommand: Command = {
  name: 'help',
  async run(core, inv) {
    const L = inv.locale;
    const keys = ['help.raise', 'help.status', 'help.tick', 'help.untick', 'help.timeline', 'help.help'] as const;
    const fields = raiseFields(core, L).map((f) => f.name).join(', ');
    const types = core.playbook.plans.map((p) => `${p.id} (${loc(p.title, L)})`).join(', ');
    return reply(
      card(t(L, 'help.title'), [
        ...keys.map((k) => text(t(L, k))),
        { kind: 'divider' },
        text(t(L, 'help.fields', { fields })),
        text(t(L, 'help.types', { types })),
        text(t(L, 'help.prompting')),
      ]),
    );
  },
};
