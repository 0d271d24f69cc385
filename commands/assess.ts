import { assessmentCard } from '../src/assessment/messaging.ts';
import { t } from '../src/i18n/index.ts';
import type { Incident } from '../src/store/incidents.ts';
import { arg, defineCommand } from './define.ts';
import { factCommand } from './fact.ts';
import { impactCommand } from './impact.ts';
import { choice, incident, text } from './kinds.ts';
import { reply } from './types.ts';

const formArg = choice(['fact', 'impact'] as const, {
  refuse: (value, { inv, values }) => t(inv.locale, 'err.assessArg', { value, key: (values.key as Incident).key }),
});

/**
 * `assess [KEY]` shows the fact sheet with its Add fact / Assess impact buttons; `assess [KEY] fact`
 * and `assess [KEY] impact` open those forms directly. Inside a war room the key may be left out.
 */
export const assessCommand = defineCommand({
  name: 'assess',
  help: 'help.assess',
  description: 'discord.cmd.assess',
  // `assess KEY fact what="…"`: the fields typed after the form's name fill it.
  args: [arg('key', incident('always'), { description: 'discord.opt.keyOptional' }), arg('form', formArg), arg('fields', text())],
  async run(core, inv, { key: incident, form, fields }) {
    if (form === 'fact') return factCommand.run(core, inv, { key: incident, action: 'add', note: fields });
    if (form === 'impact') return impactCommand.run(core, inv, { key: incident, fields });
    return reply(assessmentCard(core, { ...incident, locale: inv.locale }));
  },
});
