import { t } from '../src/i18n/index.ts';
import { loc } from '../src/playbook/text.ts';
import { card, text } from '../src/ui/card.ts';
import { raiseFields } from './raise.ts';
import { reply, type Command } from './types.ts';

export const helpCommand: Command = {
  name: 'help',
  async run(core, inv) {
    const L = inv.locale;
    const keys = ['help.raise', 'help.status', 'help.tick', 'help.untick', 'help.timeline', 'help.ack', 'help.update', 'help.snooze', 'help.needHelp', 'help.assess', 'help.fact', 'help.level', 'help.phase', 'help.help'] as const;
    // Terminal-only commands are listed where they work.
    const shellOnly = inv.platform === 'shell' ? (['terminal.help.as'] as const) : [];
    const fields = raiseFields(core, L).map((f) => f.name).join(', ');
    const types = core.playbook.plans.map((p) => `${p.id} (${loc(p.title, L)})`).join(', ');
    return reply(
      card(t(L, 'help.title'), [
        ...[...keys, ...shellOnly].map((k) => text(t(L, k))),
        { kind: 'divider' },
        text(t(L, 'help.fields', { fields })),
        text(t(L, 'help.types', { types })),
        // Prompting one field per line is how the terminal asks; modals need no such hint.
        ...(inv.platform === 'shell' ? [text(t(L, 'help.prompting'))] : []),
      ]),
    );
  },
};
