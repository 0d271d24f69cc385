import { impactFields, readImpact } from '../src/assessment/forms.ts';
import { assessImpact } from '../src/assessment/service.ts';
import type { Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { gradeReasons } from '../src/incidents/messaging.ts';
import type { Locale } from '../src/playbook/text.ts';
import type { Incident } from '../src/store/incidents.ts';
import { card, text } from '../src/ui/card.ts';
import { parseForm } from '../src/ui/fields.ts';
import { form, type Form } from '../src/ui/form.ts';
import { arg, defineCommand } from './define.ts';
import { prefillForm } from './inline.ts';
import { incident, text as rest } from './kinds.ts';
import { reply } from './types.ts';

function impactForm(core: Core, L: Locale, incident: Incident, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  return form('impact', t(L, 'impact.form.title', { key: incident.key }), t(L, 'impact.form.submit'), impactFields(L, core.playbook), incident.key, values, errors);
}

/** `impact [KEY]` opens the Assess impact form: four scores with notes, losses by kind, the grading criteria. */
export const impactCommand = defineCommand({
  name: 'impact',
  args: [arg('key', incident('always')), arg('fields', rest())],
  buttons: { 'assess.impact': { parts: ['key'] } },
  preconditions: ['notClosed'],
  async run(core, inv, { key: incident, fields }) {
    return { kind: 'form', form: prefillForm(core, inv, impactForm(core, inv.locale, incident), fields) };
  },

  formArgs: (context) => ({ key: context }),
  async submit(core, inv, { key: incident }, values) {
    const L = inv.locale;
    const checked = parseForm(impactFields(L, core.playbook), values, L, core.now());
    if (Object.keys(checked.errors).length) return { kind: 'form', form: impactForm(core, L, incident, values, checked.errors) };
    const done = await assessImpact(core, incident, readImpact(checked.values, core.playbook), inv.user, inv.eventKey);
    if (!done) return reply(card(undefined, [text(t(L, 'form.duplicate'))]));
    const lines = [text(t(L, 'impact.done', { n: done.impact.n, key: incident.key }))];
    const regrade = done.incident.regrade;
    if (regrade) lines.push(text(t(L, 'impact.regrade', { level: regrade.level, current: done.incident.level, reasons: gradeReasons(L, regrade.reasons), key: incident.key })));
    return reply(card(undefined, lines, regrade ? 'warning' : 'success'));
  },
});
