import { CONFIDENCES, FACT_SOURCES, IMPACT_AREAS, SCORE_MAX, type FactContent, type FactVersion, type Impact } from '../domain/assessment.ts';
import type { CriteriaInput } from '../domain/grading.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { MEDIA_SCALE, OPS_SCALE, type Playbook } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import type { FormResult } from '../ui/fields.ts';
import type { FormField } from '../ui/form.ts';

/**
 * The assessment's forms, one definition each for every platform (Slack modal, Discord pages of
 * five inputs, terminal prompts), and the readers that turn their checked values into records.
 */

const FACT_TEXT_MAX = 1000;
const NOTE_MAX = 500;

const options = (L: Locale, prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(L, `${prefix}.${v}` as MessageKey) }));

export function factFields(L: Locale): FormField[] {
  return [
    { name: 'what', label: t(L, 'fact.field.what'), kind: 'longtext', required: true, maxLength: FACT_TEXT_MAX },
    { name: 'when', label: t(L, 'fact.field.when'), kind: 'datetime', required: false },
    { name: 'where', label: t(L, 'fact.field.where'), kind: 'text', required: false, maxLength: 200 },
    { name: 'cause', label: t(L, 'fact.field.cause'), kind: 'longtext', required: false, maxLength: FACT_TEXT_MAX },
    { name: 'people', label: t(L, 'fact.field.people'), kind: 'text', required: false, maxLength: NOTE_MAX },
    { name: 'source', label: t(L, 'fact.field.source'), kind: 'select', required: true, options: options(L, 'fact.source', FACT_SOURCES) },
    { name: 'confidence', label: t(L, 'fact.field.confidence'), kind: 'select', required: true, options: options(L, 'fact.confidence', CONFIDENCES) },
  ];
}

export function impactFields(L: Locale, pb: Playbook): FormField[] {
  const currency = pb.currency;
  return [
    ...IMPACT_AREAS.flatMap((a): FormField[] => [
      { name: `${a}_score`, label: t(L, 'impact.field.score', { area: t(L, `impact.area.${a}` as MessageKey), max: SCORE_MAX }), kind: 'integer', required: true, min: 0, max: SCORE_MAX },
      { name: `${a}_note`, label: t(L, 'impact.field.note', { area: t(L, `impact.area.${a}` as MessageKey) }), kind: 'text', required: false, maxLength: NOTE_MAX },
    ]),
    { name: 'direct_loss', label: t(L, 'impact.field.directLoss'), kind: 'amount', required: false, currency },
    { name: 'currency', label: t(L, 'impact.field.currency', { currency }), kind: 'currency', required: false, placeholder: currency },
    { name: 'indirect_loss', label: t(L, 'impact.field.indirectLoss'), kind: 'amount', required: false, currency },
    { name: 'indirect_notes', label: t(L, 'impact.field.indirectNotes'), kind: 'longtext', required: false, maxLength: NOTE_MAX },
    { name: 'people_affected', label: t(L, 'field.people_affected'), kind: 'integer', required: false },
    { name: 'casualties', label: t(L, 'field.casualties'), kind: 'integer', required: false },
    { name: 'regions', label: t(L, 'field.regions'), kind: 'integer', required: false, min: 1 },
    { name: 'media_attention', label: t(L, 'field.media_attention'), kind: 'select', required: false, options: options(L, 'media', MEDIA_SCALE) },
    { name: 'operations_disrupted', label: t(L, 'field.operations_disrupted'), kind: 'select', required: false, options: options(L, 'ops', OPS_SCALE) },
  ];
}

export const reasonField = (L: Locale): FormField => ({ name: 'reason', label: t(L, 'level.field.reason'), kind: 'longtext', required: true, maxLength: NOTE_MAX });
export const disputeField = (L: Locale): FormField => ({ name: 'note', label: t(L, 'fact.field.disputeNote'), kind: 'longtext', required: true, maxLength: NOTE_MAX });
export const verifyNoteField = (L: Locale): FormField => ({ name: 'note', label: t(L, 'fact.field.verifyNote'), kind: 'longtext', required: false, maxLength: NOTE_MAX });

type Values = FormResult['values'];
const str = (v: Values, name: string) => (v[name] && v[name].value !== '' ? String(v[name].value) : undefined);
const num = (v: Values, name: string) => (v[name] && v[name].value !== '' ? Number(v[name].value) : undefined);

export function readFact(v: Values): FactContent {
  const when = v.when?.value instanceof Date ? v.when.value : undefined;
  return {
    what: str(v, 'what')!,
    ...(when ? { when } : {}),
    ...optional({ where: str(v, 'where'), cause: str(v, 'cause'), people: str(v, 'people') }),
    source: str(v, 'source') as FactContent['source'],
    confidence: str(v, 'confidence') as FactContent['confidence'],
  };
}

/** A fact's content as form values, for a correction that starts from the current version. */
export function factValues(f: FactVersion): Record<string, string> {
  const when = f.when ? localTime(f.when) : '';
  return { what: f.what, when, where: f.where ?? '', cause: f.cause ?? '', people: f.people ?? '', source: f.source, confidence: f.confidence };
}

export function readImpact(v: Values, pb: Playbook): Omit<Impact, 'n' | 'by' | 'at'> {
  const currency = str(v, 'currency') ?? pb.currency;
  const scores = Object.fromEntries(IMPACT_AREAS.map((a) => [a, { score: num(v, `${a}_score`)!, ...optional({ note: str(v, `${a}_note`) }) }])) as Impact['scores'];
  const direct = num(v, 'direct_loss');
  const indirect = num(v, 'indirect_loss');
  const indirectNotes = str(v, 'indirect_notes');
  const criteria: CriteriaInput = optional({
    people_affected: num(v, 'people_affected'),
    casualties: num(v, 'casualties'),
    regions: num(v, 'regions'),
    media_attention: str(v, 'media_attention') as CriteriaInput['media_attention'],
    operations_disrupted: str(v, 'operations_disrupted') as CriteriaInput['operations_disrupted'],
  });
  return {
    scores,
    ...(direct !== undefined ? { directLoss: { amount: direct, currency } } : {}),
    ...(indirect !== undefined || indirectNotes ? { indirectLoss: { currency, ...optional({ estimate: indirect, notes: indirectNotes }) } } : {}),
    criteria,
  };
}

function optional<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** "2026-11-28 14:30" in the bot's time zone: what the datetime field reads back. */
const localTime = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
