import type { Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { postUpdate } from '../src/incidents/deadlines.ts';
import type { Locale } from '../src/playbook/text.ts';
import type { Incident } from '../src/store/incidents.ts';
import { card, text as line } from '../src/ui/card.ts';
import { parseField } from '../src/ui/fields.ts';
import { form, type Form, type FormField } from '../src/ui/form.ts';
import { arg, defineCommand } from './define.ts';
import { incident, text } from './kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

export const UPDATE_MAX = 2000;

const updateField = (L: Locale): FormField => ({ name: 'text', label: t(L, 'field.update'), kind: 'longtext', required: true, maxLength: UPDATE_MAX });

function updateForm(L: Locale, key: string, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  return form('update', t(L, 'update.form.title', { key }), t(L, 'update.form.submit'), [updateField(L)], key, values, errors);
}

async function posted(core: Core, inv: Invocation, incident: Incident, body: string): Promise<Outcome> {
  const { n, nextDue } = await postUpdate(core, incident, inv.user, body, inv.eventKey);
  return reply(card(undefined, [line(t(inv.locale, 'update.done', { n, key: incident.key }), ' ', { time: nextDue, style: 'full' })], 'success'));
}

/**
 * `update KEY <text>` posts a status update card in the war room and records it; without text
 * (or from the Update button) it opens a one-field form. Anyone in the incident may post one.
 */
export const updateCommand = defineCommand({
  name: 'update',
  help: 'help.update',
  description: 'discord.cmd.update',
  args: [arg('key', incident('always'), { description: 'discord.opt.key', required: true }), arg('text', text({ optionMax: 3000 }), { description: 'discord.opt.text' })],
  buttons: { 'incident.update': { parts: ['key'] } },
  preconditions: ['notClosed'],
  async run(core, inv, { key: incident, text: body }) {
    if (!body) return { kind: 'form', form: updateForm(inv.locale, incident.key) };
    const parsed = parseField(updateField(inv.locale), body, inv.locale, core.now());
    if (!parsed.ok) return { kind: 'form', form: updateForm(inv.locale, incident.key, {}, { text: parsed.error }) };
    return posted(core, inv, incident, body);
  },

  formArgs: (context) => ({ key: context }),
  async submit(core, inv, { key: incident }, values) {
    const parsed = parseField(updateField(inv.locale), values.text ?? '', inv.locale, core.now());
    if (!parsed.ok) return { kind: 'form', form: updateForm(inv.locale, incident.key, values, { text: parsed.error }) };
    return posted(core, inv, incident, String(parsed.value).trim());
  },
});
