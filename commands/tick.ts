import { t } from '../src/i18n/index.ts';
import { setStepDone } from '../src/incidents/tick.ts';
import { loc } from '../src/playbook/text.ts';
import { note } from '../src/ui/card.ts';
import { arg, defineCommand } from './define.ts';
import { incident, stepNumbers } from './kinds.ts';
import { reply } from './types.ts';

/**
 * `tick KEY N [N …]` and `untick KEY N [N …]`: the same rule in both directions. Every number is
 * checked before any step changes, so a typo in one leaves all of them as they were.
 */
function stepCommand(name: 'tick' | 'untick', done: boolean, button: string) {
  return defineCommand({
    name,
    help: done ? 'help.tick' : 'help.untick',
    description: done ? 'discord.cmd.tick' : 'discord.cmd.untick',
    args: [arg('key', incident('always'), { description: 'discord.opt.key', required: true }), arg('n', stepNumbers, { description: 'discord.opt.n', required: true })],
    buttons: { [button]: { parts: ['key', 'n'] } },
    preconditions: ['notClosed'],
    async run(core, inv, { key: incident, n: numbers }) {
      const key = incident.key;
      const cards = [];
      for (const n of new Set(numbers)) {
        const result = await setStepDone(core, incident, n, done, inv.user);
        const title = loc(result.step.title, inv.locale);
        if (result.changed) cards.push(note(t(inv.locale, done ? 'tick.done' : 'untick.done', { n, key, title }), 'success'));
        else cards.push(note(done ? t(inv.locale, 'tick.already', { n, key, user: result.step.doneBy?.name ?? '?' }) : t(inv.locale, 'untick.already', { n, key })));
      }
      return reply(...cards);
    },
  });
}

export const tickCommand = stepCommand('tick', true, 'step.done');
export const untickCommand = stepCommand('untick', false, 'step.reopen');
