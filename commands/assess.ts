import { assessmentCard } from '../src/assessment/messaging.ts';
import { UserError } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { factCommand } from './fact.ts';
import { impactCommand } from './impact.ts';
import { splitKey } from './incident-arg.ts';
import { requireIncident } from './preconditions.ts';
import { reply, type Command } from './types.ts';

/**
 * `assess [KEY]` shows the fact sheet with its Add fact / Assess impact buttons; `assess [KEY] fact`
 * and `assess [KEY] impact` open those forms directly. Inside a war room the key may be left out.
 */
export const assessCommand: Command = {
  name: 'assess',
  async run(core, inv) {
    const { key, rest } = splitKey(inv.args);
    const incident = await requireIncident(core, inv, 'assess', key);
    const which = rest[0]?.toLowerCase();
    if (!which) return reply(assessmentCard(core, { ...incident, locale: inv.locale }));
    if (which === 'fact') return factCommand.run(core, { ...inv, args: `${incident.key} add` });
    if (which === 'impact') return impactCommand.run(core, { ...inv, args: incident.key });
    throw new UserError(t(inv.locale, 'err.assessArg', { value: rest[0]!, key: incident.key }));
  },
};
