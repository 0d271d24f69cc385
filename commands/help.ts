import { t } from '../src/i18n/index.ts';
import { loc } from '../src/playbook/text.ts';
import { card, text } from '../src/ui/card.ts';
import { defineCommand } from './define.ts';
import { raiseFields } from './raise.ts';
import { reply } from './types.ts';

/** `help`: one line per command that declares one, in the registry's order, then the raise fields and crisis types. */
export const helpCommand = defineCommand({
  name: 'help',
  help: 'help.help',
  description: 'discord.cmd.help',
  args: [],
  async run(core, inv) {
    // Read when asked: the registry lists this command too, so importing it up front would be a cycle.
    const { COMMANDS } = await import('./registry.ts');
    const L = inv.locale;
    const fields = raiseFields(core, L).map((f) => f.name).join(', ');
    const types = core.playbook.plans.map((p) => `${p.id} (${loc(p.title, L)})`).join(', ');
    return reply(
      card(t(L, 'help.title'), [
        ...COMMANDS.flatMap((c) => (c.help && (!c.platforms || c.platforms.includes(inv.platform)) ? [text(t(L, c.help))] : [])),
        { kind: 'divider' },
        text(t(L, 'help.fields', { fields })),
        text(t(L, 'help.types', { types })),
        // Prompting one field per line is how the terminal asks; modals need no such hint.
        ...(inv.platform === 'shell' ? [text(t(L, 'help.prompting'))] : []),
      ]),
    );
  },
});
