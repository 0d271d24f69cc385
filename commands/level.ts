import { reasonField } from '../src/assessment/forms.ts';
import { changeLevel, keepLevel } from '../src/assessment/service.ts';
import { UserError, type Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import type { LevelNumber } from '../src/playbook/schema.ts';
import type { Incident } from '../src/store/incidents.ts';
import { note } from '../src/ui/card.ts';
import { form } from '../src/ui/form.ts';
import { parseForm } from '../src/ui/fields.ts';
import { splitKey } from './incident-arg.ts';
import { requireIncident, requireLevelChanger } from './preconditions.ts';
import { reply, type Command, type Invocation, type Outcome } from './types.ts';

function requireLevel(inv: Invocation, raw: string | undefined): LevelNumber {
  if (!raw || !/^[1-4]$/.test(raw)) throw new UserError(t(inv.locale, 'err.levelArg', { value: raw ?? '' }), 'level');
  return Number(raw) as LevelNumber;
}

async function change(core: Core, inv: Invocation, incident: Incident, to: LevelNumber, raw: string): Promise<Outcome> {
  const L = inv.locale;
  const checked = parseForm([reasonField(L)], { reason: raw }, L, core.now());
  if (checked.errors.reason) {
    const title = t(L, 'level.form.title', { key: incident.key, level: to });
    return { kind: 'form', form: form('level', title, t(L, 'level.form.submit'), [reasonField(L)], `${incident.key}:${to}`, raw ? { reason: raw } : {}, raw ? checked.errors : {}) };
  }
  const r = await changeLevel(core, incident, to, String(checked.values.reason!.value), inv.user, inv.eventKey);
  if (!r.changed) return reply(note(t(L, 'level.same', { key: incident.key, level: to })));
  return reply(note(t(L, 'level.done', { key: incident.key, level: to, retimed: r.retimed }), 'success'));
}

/**
 * `level [KEY] N <reason>` changes the incident's level (the reason is asked for when missing);
 * `level [KEY] keep N` keeps the current level against a suggested N. Lead or allowed roles only.
 */
export const levelCommand: Command = {
  name: 'level',

  async run(core, inv) {
    const { key, rest } = splitKey(inv.args);
    const incident = await requireIncident(core, inv, 'level', key);
    requireLevelChanger(core, inv, incident);
    if (rest[0]?.toLowerCase() === 'keep') {
      const suggested = requireLevel(inv, rest[1]);
      const kept = await keepLevel(core, incident, suggested, inv.user, inv.eventKey);
      return reply(note(t(inv.locale, kept ? 'level.kept' : 'level.noSuggestion', { key: incident.key, level: incident.level, suggested }), kept ? 'success' : undefined));
    }
    const to = requireLevel(inv, rest[0]);
    if (to === incident.level) return reply(note(t(inv.locale, 'level.same', { key: incident.key, level: to })));
    return change(core, inv, incident, to, rest.slice(1).join(' '));
  },


  async submit(core, inv, values, context = '') {
    const [key, level] = context.split(':');
    const incident = await requireIncident(core, inv, 'level', key);
    requireLevelChanger(core, inv, incident);
    return change(core, inv, incident, requireLevel(inv, level), values.reason ?? '');
  },
};
