import { UserError } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { setStepDone } from '../src/incidents/service.ts';
import { loc } from '../src/playbook/text.ts';
import { note } from '../src/ui/card.ts';
import { incidentFromArgs } from './incident-arg.ts';
import { requireStepNumber } from './preconditions.ts';
import { reply, type Command } from './types.ts';

/** `tick KEY N` and `untick KEY N`: the same rule in both directions. */
function stepCommand(name: 'tick' | 'untick', done: boolean): Command {
  return {
    name,
    async run(core, inv) {
      const [keyArg, nArg] = inv.args.trim().split(/\s+/);
      const incident = await incidentFromArgs(core, inv, keyArg || undefined);
      if (!incident) throw new UserError(t(inv.locale, 'err.keyArg', { command: name }), 'key');
      const key = incident.key;
      const n = requireStepNumber(inv, name, incident, nArg);
      const result = await setStepDone(core, incident, n, done, inv.user);
      const title = loc(result.step.title, inv.locale);
      if (result.changed) return reply(note(t(inv.locale, done ? 'tick.done' : 'untick.done', { n, key, title }), 'success'));
      return reply(note(done ? t(inv.locale, 'tick.already', { n, key, user: result.step.doneBy?.name ?? '?' }) : t(inv.locale, 'untick.already', { n, key })));
    },
  };
}

export const tickCommand = stepCommand('tick', true);
export const untickCommand = stepCommand('untick', false);
