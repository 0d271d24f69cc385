import { UserError } from '../src/core.ts';
import { SHELL_USER } from '../src/config.ts';
import { t } from '../src/i18n/index.ts';
import { introduction, shellIdentity, type ShellIdentity } from '../src/incidents/identity.ts';
import { card, text as textLine } from '../src/ui/card.ts';
import { arg, defineCommand } from './define.ts';
import { text } from './kinds.ts';
import { reply, type Invocation } from './types.ts';

/** How the terminal lets a command change who types at it from now on. */
export type Become = (who: ShellIdentity) => void;

/**
 * `as NAME` (terminal only): from now on this terminal acts as NAME — a roster person by shell
 * handle, id or name, or any login-like name (someone the roster does not know). Slack and
 * Discord know who you are; there it is refused.
 */
export const asCommand = defineCommand({
  name: 'as',
  help: 'terminal.help.as',
  platforms: ['shell'],
  args: [arg('name', text())],
  async run(core, inv, { name: typed }) {
    const L = inv.locale;
    const become = (inv as Invocation & { become?: Become }).become;
    if (inv.platform !== 'shell' || !become) throw new UserError(t(L, 'terminal.as.onlyShell'));
    const name = (typed ?? '').trim();
    if (!name) throw new UserError(t(L, 'terminal.as.arg'));
    const who = shellIdentity(core.playbook, name);
    if (!who.inRoster && !SHELL_USER.test(name)) throw new UserError(t(L, 'terminal.as.badName', { name }));
    become(who);
    return reply(card(undefined, introduction(core.playbook, L, who, 'as').map((l) => textLine(l)), 'success'));
  },
});
