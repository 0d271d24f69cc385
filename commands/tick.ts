import { UserError } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { setStepDone } from '../src/incidents/tick.ts';
import { loc } from '../src/playbook/text.ts';
import { note } from '../src/ui/card.ts';
import { incidentFromArgs, requireStepNumber } from './preconditions.ts';
import { reply, type Command } from './types.ts';

/**
 * `tick KEY N [N …]` and `untick KEY N [N …]`: the same rule in both directions. Every number is
 * checked before any step changes, so a typo in one leaves all of them as they were.
 */
function stepCommand(name: 'tick' | 'untick', done: boolean): Command {
  return {
    name,
    async run(core, inv) {
      const [keyArg, ...nArgs] = inv.args.trim().split(/\s+/);
      const incident = await incidentFromArgs(core, inv, keyArg || undefined);
      if (!incident) throw new UserError(t(inv.locale, 'err.keyArg', { command: name }), 'key');
      const key = incident.key;
      const numbers = nArgs.length ? nArgs.map((a) => requireStepNumber(inv, name, incident, a)) : [requireStepNumber(inv, name, incident, undefined)];
      const cards = [];
      for (const n of new Set(numbers)) {
        const result = await setStepDone(core, incident, n, done, inv.user);
        const title = loc(result.step.title, inv.locale);
        if (result.changed) cards.push(note(t(inv.locale, done ? 'tick.done' : 'untick.done', { n, key, title }), 'success'));
        else cards.push(note(done ? t(inv.locale, 'tick.already', { n, key, user: result.step.doneBy?.name ?? '?' }) : t(inv.locale, 'untick.already', { n, key })));
      }
      return reply(...cards);
    },
  };
}

export const tickCommand = stepCommand('tick', true);
export const untickCommand = stepCommand('untick', false);
