import { reasonField } from '../src/assessment/forms.ts';
import { changeLevel, keepLevel } from '../src/assessment/service.ts';
import type { Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import type { LevelNumber } from '../src/playbook/schema.ts';
import type { Incident } from '../src/store/incidents.ts';
import { note } from '../src/ui/card.ts';
import { form } from '../src/ui/form.ts';
import { parseForm } from '../src/ui/fields.ts';
import { arg, defineCommand } from './define.ts';
import { flag, incident, level, text } from './kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

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
export const levelCommand = defineCommand({
  name: 'level',
  help: 'help.level',
  args: [arg('key', incident('always')), arg('keep', flag('keep')), arg('level', level), arg('reason', text())],
  preconditions: ['notClosed', 'levelChanger'],
  buttons: { 'level.change': { parts: ['key', 'level'] }, 'level.keep': { parts: ['key', 'level'], fixed: { keep: 'keep' } } },
  async run(core, inv, { key: incident, keep, level: to, reason }) {
    if (keep) {
      const kept = await keepLevel(core, incident, to, inv.user, inv.eventKey);
      return reply(note(t(inv.locale, kept ? 'level.kept' : 'level.noSuggestion', { key: incident.key, level: incident.level, suggested: to }), kept ? 'success' : undefined));
    }
    if (to === incident.level) return reply(note(t(inv.locale, 'level.same', { key: incident.key, level: to })));
    return change(core, inv, incident, to, reason ?? '');
  },

  formArgs: (context) => {
    const [key, to] = context.split(':');
    return { key, level: to };
  },
  async submit(core, inv, { key: incident, level: to }, values) {
    return change(core, inv, incident, to, values.reason ?? '');
  },
});
