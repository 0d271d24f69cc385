import type { Core } from '../src/core.ts';
import { KEY_PATTERN } from '../src/domain/naming.ts';
import { t } from '../src/i18n/index.ts';
import { postUpdate } from '../src/incidents/deadlines.ts';
import type { Locale } from '../src/playbook/text.ts';
import type { Incident } from '../src/store/incidents.ts';
import { card, text } from '../src/ui/card.ts';
import { parseField } from '../src/ui/fields.ts';
import { form, type Form, type FormField } from '../src/ui/form.ts';
import { requireIncident } from './preconditions.ts';
import { reply, type Command, type Invocation, type Outcome } from './types.ts';

export const UPDATE_MAX = 2000;

const updateField = (L: Locale): FormField => ({ name: 'text', label: t(L, 'field.update'), kind: 'longtext', required: true, maxLength: UPDATE_MAX });

function updateForm(L: Locale, key: string, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  return form('update', t(L, 'update.form.title', { key }), t(L, 'update.form.submit'), [updateField(L)], key, values, errors);
}

async function posted(core: Core, inv: Invocation, incident: Incident, body: string): Promise<Outcome> {
  const { n, nextDue } = await postUpdate(core, incident, inv.user, body, inv.eventKey);
  return reply(card(undefined, [text(t(inv.locale, 'update.done', { n, key: incident.key }), ' ', { time: nextDue, style: 'full' })], 'success'));
}

/**
 * `update KEY <text>` posts a status update card in the war room and records it; without text
 * (or from the Update button) it opens a one-field form. Anyone in the incident may post one.
 */
export const updateCommand: Command = {
  name: 'update',

  async run(core, inv) {
    const args = inv.args.trim();
    const first = args.split(/\s+/)[0] ?? '';
    const named = KEY_PATTERN.test(first.toUpperCase());
    const incident = await requireIncident(core, inv, 'update', named ? first : undefined);
    const body = named ? args.slice(first.length).trim() : args;
    if (!body) return { kind: 'form', form: updateForm(inv.locale, incident.key) };
    const parsed = parseField(updateField(inv.locale), body, inv.locale, core.now());
    if (!parsed.ok) return { kind: 'form', form: updateForm(inv.locale, incident.key, {}, { text: parsed.error }) };
    return posted(core, inv, incident, body);
  },


  async submit(core, inv, values, context) {
    const incident = await requireIncident(core, inv, 'update', context);
    const parsed = parseField(updateField(inv.locale), values.text ?? '', inv.locale, core.now());
    if (!parsed.ok) return { kind: 'form', form: updateForm(inv.locale, incident.key, values, { text: parsed.error }) };
    return posted(core, inv, incident, String(parsed.value).trim());
  },
};
