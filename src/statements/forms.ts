import type { Core } from '../core.ts';
import {
  AUDIENCES, fillTemplate, hasText, STATEMENT_KINDS, TEXT_LIMITS, type Audience, type ChannelKind, type Statement, type StatementKind, type StatementText,
} from '../domain/statements.ts';
import { t } from '../i18n/index.ts';
import { levelName } from '../incidents/messaging.ts';
import { channelKind, type AnnouncementChannel } from '../playbook/statements.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/incidents.ts';
import type { FormField } from '../ui/form.ts';
import { formatInZone } from '../ui/times.ts';
import { parseForm } from '../ui/fields.ts';

/** The statement forms' fields and their checks: the channels offered, the text limits, the templates. */

/** The announcement channels a statement of this incident can go to: its platform's (and workspace's) chat channels and every webhook. */
export const offeredChannels = (core: Core, incident: Incident): AnnouncementChannel[] =>
  (core.playbook.statements?.channels ?? []).filter((c) => c.webhook || (c.platform === incident.platform && c.workspace === incident.workspace));

export function textFields(L: Locale, incident: Incident): FormField[] {
  // The form's own limit is the war room's platform (the card is posted there); the chosen channels' is checked on submit.
  const max = TEXT_LIMITS[incident.platform];
  return [
    { name: 'text_en', label: t(L, 'statement.field.text_en'), kind: 'longtext', required: false, maxLength: max },
    { name: 'text_zh', label: t(L, 'statement.field.text_zh'), kind: 'longtext', required: false, maxLength: max },
  ];
}

export function draftFields(core: Core, L: Locale, incident: Incident): FormField[] {
  const ids = offeredChannels(core, incident).map((c) => c.id);
  return [
    { name: 'kind', label: t(L, 'statement.field.kind'), kind: 'select', required: true, options: STATEMENT_KINDS.map((k) => ({ value: k, label: t(L, `statement.kind.${k}`) })) },
    { name: 'audience', label: t(L, 'statement.field.audience'), kind: 'select', required: true, options: AUDIENCES.map((a) => ({ value: a, label: t(L, `statement.audience.${a}`) })) },
    { name: 'channels', label: t(L, 'statement.field.channels'), kind: 'text', required: false, maxLength: 300, placeholder: t(L, 'statement.field.channelsHint', { ids: ids.join(', ') || t(L, 'statement.err.noChannels') }) },
    ...textFields(L, incident),
    { name: 'rumour', label: t(L, 'statement.field.rumour'), kind: 'text', required: false, maxLength: 500 },
  ];
}

export const noteField = (L: Locale): FormField => ({ name: 'note', label: t(L, 'statement.field.note'), kind: 'longtext', required: true, maxLength: 1000 });

/** The plan's template for a kind, filled from the incident; empty where the plan has none. */
export function templateText(core: Core, incident: Incident, kind: StatementKind, zone: string): StatementText {
  const template = core.playbook.plans.find((p) => p.id === incident.type)?.statements?.[kind];
  if (!template) return {};
  const fill = (L: Locale, s: string | undefined) =>
    s === undefined ? undefined : fillTemplate(s, { title: incident.title, location: incident.location ?? '', started_at: formatInZone(incident.startedAt, zone), level: levelName(core.playbook, incident.level, L), key: incident.key });
  return { en: fill('en', template.en), 'zh-CN': fill('zh-CN', template['zh-CN']) };
}

export const textValues = (text: StatementText): Record<string, string> => ({ text_en: text.en ?? '', text_zh: text['zh-CN'] ?? '' });

type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** The text fields checked against the strictest limit of the channels chosen; at least one language. */
export function checkText(core: Core, L: Locale, incident: Incident, channels: readonly string[], values: Record<string, string>): Checked<StatementText> {
  const parsed = parseForm(textFields(L, incident), values, L, core.now());
  if (Object.keys(parsed.errors).length) return { ok: false, errors: parsed.errors };
  const text: StatementText = {};
  if (parsed.values.text_en?.value) text.en = String(parsed.values.text_en.value);
  if (parsed.values.text_zh?.value) text['zh-CN'] = String(parsed.values.text_zh.value);
  if (!hasText(text)) return { ok: false, errors: { text_en: t(L, 'statement.err.empty') } };
  const chosen = offeredChannels(core, incident).filter((c) => channels.includes(c.id));
  const limits: { name: string; kind: ChannelKind }[] = [{ name: t(L, 'statement.card.warRoom'), kind: incident.platform }, ...chosen.map((c) => ({ name: c.name ?? c.id, kind: channelKind(c) }))];
  const strictest = limits.reduce((a, b) => (TEXT_LIMITS[b.kind] < TEXT_LIMITS[a.kind] ? b : a));
  const max = TEXT_LIMITS[strictest.kind];
  const errors: Record<string, string> = {};
  for (const [field, value] of [['text_en', text.en], ['text_zh', text['zh-CN']]] as const) {
    const length = [...(value ?? '')].length;
    if (length > max) errors[field] = t(L, 'statement.err.tooLong', { field: t(L, `statement.field.${field}`), length, channel: strictest.name, max });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: text };
}

export type DraftValues = { kind: StatementKind; audience: Audience; channels: string[]; rumour?: string; answers?: string; text: StatementText };

/** The whole draft form: every field's problem at once, named, so nothing typed is lost. */
export function checkDraft(core: Core, L: Locale, incident: Incident, values: Record<string, string>): Checked<DraftValues> {
  const fields = draftFields(core, L, incident).filter((f) => f.name !== 'text_en' && f.name !== 'text_zh');
  const parsed = parseForm(fields, values, L, core.now());
  const errors = { ...parsed.errors };
  const offered = offeredChannels(core, incident).map((c) => c.id);
  const channels = [...new Set((values.channels ?? '').split(/[,，\s]+/).map((c) => c.trim().toLowerCase()).filter(Boolean))];
  const bad = channels.find((c) => !offered.includes(c));
  if (bad) errors.channels = t(L, 'statement.err.channel', { value: bad, ids: offered.join(', ') || t(L, 'statement.err.noChannels') });
  const text = checkText(core, L, incident, channels, values);
  if (!text.ok) Object.assign(errors, text.errors);
  if (Object.keys(errors).length || !text.ok) return { ok: false, errors };
  const said = parsed.values.rumour?.value ? String(parsed.values.rumour.value) : undefined;
  // `R2` names a recorded rumour: the rebuttal answers it, and the rumours card will say so once published.
  const recorded = said && /^R\d+$/i.test(said) ? incident.rumours?.find((r) => r.id === said.toUpperCase()) : undefined;
  const rumour = recorded ? `${recorded.id}: ${recorded.what}` : said;
  return { ok: true, value: { kind: parsed.values.kind!.value as StatementKind, audience: parsed.values.audience!.value as Audience, channels, rumour, answers: recorded?.id, text: text.value } };
}

export const draftValues = (s: Statement): Record<string, string> => ({
  kind: s.kind, audience: s.audience, channels: s.channels.join(', '), rumour: s.answers ?? s.rumour ?? '', ...textValues(s.versions[s.versions.length - 1]!.text),
});
