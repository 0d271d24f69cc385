import type { Core } from '../src/core.ts';
import { grade, type CriteriaInput } from '../src/domain/grading.ts';
import { roomName } from '../src/domain/naming.ts';
import { t } from '../src/i18n/index.ts';
import { drillPrefixed } from '../src/incidents/alert-cards.ts';
import { gradeLine } from '../src/incidents/messaging.ts';
import { raise, type RaiseInput } from '../src/incidents/service.ts';
import type { LevelNumber } from '../src/playbook/schema.ts';
import { MEDIA_SCALE, OPS_SCALE } from '../src/playbook/schema.ts';
import { loc, type Locale } from '../src/playbook/text.ts';
import { readerZone } from '../src/playbook/zone.ts';
import { card, text } from '../src/ui/card.ts';
import { howRead, mentionsIn, parseForm } from '../src/ui/fields.ts';
import type { Form, FormField } from '../src/ui/form.ts';
import { arg, defineCommand } from './define.ts';
import { prefillForm } from './inline.ts';
import { prefill } from './kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

export const TITLE_MAX = 150;

/** The raise form, in the reader's language; the same definition feeds every platform. */
export function raiseFields(core: Core, locale: Locale): FormField[] {
  const L = (k: Parameters<typeof t>[1], p?: Record<string, string>) => t(locale, k, p);
  const scale = (prefix: 'media' | 'ops', values: readonly string[]) => values.map((v) => ({ value: v, label: L(`${prefix}.${v}` as 'media.none') }));
  return [
    { name: 'title', label: L('field.title'), kind: 'text', required: true, maxLength: TITLE_MAX },
    {
      name: 'type',
      label: L('field.type'),
      kind: 'select',
      required: true,
      options: core.playbook.plans.map((p) => ({ value: p.id, label: loc(p.title, locale) })),
    },
    { name: 'description', label: L('field.description'), kind: 'longtext', required: false, maxLength: 3000 },
    { name: 'location', label: L('field.location'), kind: 'text', required: false, maxLength: 200 },
    { name: 'started_at', label: L('field.started_at'), kind: 'datetime', required: false },
    { name: 'people_affected', label: L('field.people_affected'), kind: 'integer', required: false },
    { name: 'casualties', label: L('field.casualties'), kind: 'integer', required: false },
    { name: 'direct_loss', label: L('field.direct_loss', { currency: core.playbook.currency }), kind: 'amount', required: false, currency: core.playbook.currency },
    { name: 'regions', label: L('field.regions'), kind: 'integer', required: false, min: 1 },
    { name: 'media_attention', label: L('field.media_attention'), kind: 'select', required: false, options: scale('media', MEDIA_SCALE) },
    { name: 'operations_disrupted', label: L('field.operations_disrupted'), kind: 'select', required: false, options: scale('ops', OPS_SCALE) },
    { name: 'level', label: L('field.level'), kind: 'select', required: false, options: [1, 2, 3, 4].map((n) => ({ value: String(n), label: String(n) })), askIf: 'level' },
    { name: 'level_reason', label: L('field.level_reason'), kind: 'longtext', required: true, maxLength: 500, askIf: 'level' },
    { name: 'drill', label: L('field.drill'), kind: 'boolean', required: false, askIf: 'drill' },
  ];
}

const CRITERIA_FIELDS = ['people_affected', 'casualties', 'direct_loss', 'regions', 'media_attention', 'operations_disrupted'] as const;

/** The raise form with nothing typed yet; other ways into a raise (a warning's button) start from it. */
export function emptyForm(core: Core, locale: Locale): Form {
  return {
    command: 'raise',
    title: t(locale, 'form.raise.title'),
    submit: t(locale, 'form.raise.submit'),
    fields: raiseFields(core, locale),
    values: {},
    errors: {},
    notes: [],
  };
}

function mentionNotes(form: Form, locale: Locale): string[] {
  return form.fields.flatMap((f) => mentionsIn(form.values[f.name] ?? '').map((mention) => t(locale, 'note.mention', { field: f.label, mention })));
}

/**
 * `raise [field=value …]`: the raise form, prefilled with what was typed (free words are the
 * title); a wrong inline value is explained and asked again. On Discord the title option is the
 * one prefill.
 */
export const raiseCommand = defineCommand({
  name: 'raise',
  help: 'help.raise',
  description: 'discord.cmd.raise',
  args: [arg('title', prefill(TITLE_MAX), { description: 'discord.opt.title' })],

  async run(core, inv, { title: given }) {
    const form = emptyForm(core, inv.locale);
    const args = { ...given, named: [...given.named], positional: [...given.positional] };
    // Free words are the title.
    if (args.positional.length) args.named.unshift(['title', args.positional.join(' ')]);
    prefillForm(core, inv, form, args);
    form.notes.push(...mentionNotes(form, inv.locale));
    return { kind: 'form', form };
  },


  async submit(core, inv, _args, raw) {
    const form = { ...emptyForm(core, inv.locale), values: { ...raw } };
    const zone = readerZone(core.playbook, inv);
    const { values, errors } = parseForm(form.fields, raw, inv.locale, core.now(), zone);
    const v = (name: string) => values[name]?.value;
    const criteria: CriteriaInput = {};
    for (const c of CRITERIA_FIELDS) if (v(c) !== undefined && v(c) !== '') (criteria as Record<string, unknown>)[c] = v(c);
    const suggested = grade(core.playbook.levels, criteria);
    const level = v('level') ? (Number(v('level')) as LevelNumber) : undefined;
    if (level && level !== suggested.level && !v('level_reason')) {
      errors.level_reason = t(inv.locale, 'err.levelReason', { level, suggested: suggested.level });
    }
    if (Object.keys(errors).length) return { kind: 'form', form: { ...form, errors } };

    const input: RaiseInput = {
      title: String(v('title')),
      type: String(v('type')),
      description: (v('description') as string) || undefined,
      location: (v('location') as string) || undefined,
      startedAt: v('started_at') instanceof Date ? (v('started_at') as Date) : undefined,
      criteria,
      level: level && level !== suggested.level ? level : undefined,
      levelReason: level && level !== suggested.level ? String(v('level_reason')) : undefined,
      drill: v('drill') === true,
    };
    const startedField = form.fields.find((f) => f.name === 'started_at')!;
    return raised(core, inv, input, input.startedAt && howRead(startedField, input.startedAt, inv.locale, zone));
  },
});

/** `startedRead`: how the typed start time was read (its zone), shown so a misread is caught at once. */
async function raised(core: Core, inv: Invocation, input: RaiseInput, startedRead?: string): Promise<Outcome> {
  const L = inv.locale;
  const { incident, duplicate, suggested } = await raise(core, input, {
    platform: inv.platform,
    workspace: inv.workspace,
    locale: inv.locale,
    reporter: inv.user,
    eventKey: inv.eventKey,
    replyTo: inv.replyTo,
  });
  if (duplicate) return reply(card(undefined, [text(t(L, 'raise.duplicate', { key: incident.key }))]));
  const lines = [text(gradeLine(L, suggested.level, suggested.reasons))];
  if (incident.overrideReason) {
    lines.push(text(t(L, 'grade.override', { level: incident.level, user: inv.user.name, suggested: suggested.level, reason: incident.overrideReason })));
  }
  lines.push(text(t(L, 'raise.room', { room: `#${roomName(incident.key, incident.title)}` })));
  if (startedRead) lines.push(text(startedRead));
  const done = card(t(L, 'raise.done', { key: incident.key, title: incident.title }), lines, incident.level <= 2 ? 'danger' : 'warning');
  // The reporter's answer is marked like every message of a drill (the outbox marks the rest).
  return reply(incident.drill ? drillPrefixed(done, L) : done);
}
