import { t } from '../src/i18n/index.ts';
import { editIncident, type Edits, type FieldChange } from '../src/incidents/edit.ts';
import type { Locale } from '../src/playbook/text.ts';
import { readerZone } from '../src/playbook/zone.ts';
import type { Incident } from '../src/store/incidents.ts';
import { card, text } from '../src/ui/card.ts';
import { parseForm } from '../src/ui/fields.ts';
import type { Form } from '../src/ui/form.ts';
import { formatInZone } from '../src/ui/times.ts';
import { arg, defineCommand } from './define.ts';
import { prefillForm } from './inline.ts';
import { incident, text as rest } from './kinds.ts';
import { raiseFields } from './raise.ts';
import { reply } from './types.ts';
import type { Core } from '../src/core.ts';

/** The raise's own fields for what may be corrected: one definition of each field's rules. */
const EDIT_FIELDS = ['title', 'description', 'location', 'started_at'] as const;

function editForm(core: Core, L: Locale, incident: Incident, zone: string, values?: Record<string, string>, errors: Record<string, string> = {}): Form {
  const fields = raiseFields(core, L)
    .filter((f) => (EDIT_FIELDS as readonly string[]).includes(f.name))
    .map((f) => (f.name === 'title' ? f : { ...f, required: false }));
  const current = {
    title: incident.title,
    ...(incident.description ? { description: incident.description } : {}),
    ...(incident.location ? { location: incident.location } : {}),
    started_at: formatInZone(incident.startedAt, zone),
  };
  return { command: 'edit', title: t(L, 'edit.form.title', { key: incident.key }), submit: t(L, 'edit.form.submit'), fields, values: values ?? current, errors, notes: [], context: incident.key, editing: values === undefined };
}

const label = (L: Locale, c: FieldChange) => t(L, `edit.field.${c.field}` as 'edit.field.title');

/**
 * `edit [KEY]` corrects what was raised — title, description, location, when it started — in a
 * form prefilled with today's values (`edit KEY location="Bay 4"` fills it inline). The old values
 * stay in the timeline; the pinned summary is redrawn. The lead or the reporter may correct.
 */
export const editCommand = defineCommand({
  name: 'edit',
  help: 'help.edit',
  description: 'discord.cmd.edit',
  args: [arg('key', incident('always'), { description: 'discord.opt.key', required: true }), arg('fields', rest())],
  preconditions: ['leadOrReporter', 'notClosed'],
  buttons: { 'incident.edit': { parts: ['key'] } },
  async run(core, inv, { key: incident, fields }) {
    const zone = readerZone(core.playbook, inv);
    const form = editForm(core, inv.locale, incident, zone);
    if (!fields) return { kind: 'form', form };
    return { kind: 'form', form: prefillForm(core, inv, { ...form, editing: false }, fields) };
  },

  formArgs: (context) => ({ key: context }),
  async submit(core, inv, { key: incident }, values) {
    const L = inv.locale;
    const zone = readerZone(core.playbook, inv);
    const form = editForm(core, L, incident, zone, values);
    const { values: checked, errors } = parseForm(form.fields, values, L, core.now(), zone);
    if (Object.keys(errors).length) return { kind: 'form', form: { ...form, errors } };
    const v = (name: string) => (checked[name]?.value === undefined ? undefined : checked[name]!.value);
    const edits: Edits = { title: String(v('title')), description: String(v('description') ?? ''), location: String(v('location') ?? '') };
    // The form shows minutes: the same minute typed back is no correction of the seconds stored.
    const started = v('started_at');
    if (started instanceof Date && Math.abs(started.getTime() - incident.startedAt.getTime()) >= 60_000) edits.startedAt = started;
    const { changes } = await editIncident(core, incident, edits, inv.user, inv.eventKey);
    if (!changes.length) return reply(card(undefined, [text(t(L, 'edit.none', { key: incident.key }))]));
    const shown = (c: FieldChange, v?: string) => (v === undefined ? '—' : c.field === 'startedAt' ? formatInZone(new Date(v), zone) : v);
    const lines = changes.map((c) => text(t(L, 'edit.changed', { field: label(L, c), from: shown(c, c.from), to: shown(c, c.to) })));
    return reply(card(t(L, 'edit.done', { key: incident.key }), lines, 'success'));
  },
});
