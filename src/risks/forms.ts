import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { dutyZone } from '../people/duty.ts';
import { RISK_CATEGORIES, type RiskCategory } from '../playbook/risks.ts';
import { loc, type Locale } from '../playbook/text.ts';
import { parseForm } from '../ui/fields.ts';
import { form, type Form, type FormField } from '../ui/form.ts';
import { readTime } from '../ui/times.ts';
import { categoryLabel, dayOf } from './messaging.ts';
import type { Risk, RiskFields } from './register.ts';

/**
 * The one form definition of a risk (add and update), rendered as a Slack modal, Discord modal
 * pages or terminal prompts, and the checks of a submission: every problem named with its field,
 * and every typed value handed back with the form, so nothing typed is lost.
 */

const score = (name: string, label: string): FormField => ({ name, label, kind: 'integer', required: true, min: 1, max: 5 });

export function riskFields(core: Core, L: Locale, update: boolean): FormField[] {
  const fields: FormField[] = [
    { name: 'title', label: t(L, 'risks.field.title'), kind: 'text', required: true, maxLength: 200 },
    { name: 'category', label: t(L, 'risks.field.category'), kind: 'select', required: true, options: RISK_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(L, c) })) },
    score('likelihood', t(L, 'risks.field.likelihood')),
    score('impact', t(L, 'risks.field.impact')),
    { name: 'owner', label: t(L, 'risks.field.owner'), kind: 'text', required: true, maxLength: 80, placeholder: t(L, 'risks.field.ownerHint') },
    { name: 'mitigation', label: t(L, 'risks.field.mitigation'), kind: 'longtext', required: true, maxLength: 1000 },
    { name: 'plan', label: t(L, 'risks.field.plan'), kind: 'select', required: false, options: core.playbook.plans.map((p) => ({ value: p.id, label: loc(p.title, L) })) },
    { name: 'next_review', label: t(L, 'risks.field.next_review'), kind: 'text', required: false, maxLength: 10, placeholder: 'YYYY-MM-DD' },
  ];
  if (update) fields.push({ name: 'reason', label: t(L, 'risks.field.reason'), kind: 'text', required: true, maxLength: 300 });
  return fields;
}

export const riskForm = (core: Core, L: Locale, id: string | undefined, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form =>
  form('risk', id ? t(L, 'risks.form.updateTitle', { id }) : t(L, 'risks.form.addTitle'), t(L, id ? 'risks.form.update' : 'risks.form.add'), riskFields(core, L, Boolean(id)), id ? `update:${id}` : 'add', values, errors);

/** The form's values of a risk as it is, to start an update from. */
export function valuesOf(r: Risk): Record<string, string> {
  return {
    title: r.title,
    category: r.category,
    likelihood: String(r.likelihood),
    impact: String(r.impact),
    owner: r.ownerPerson ?? r.ownerRole ?? '',
    mitigation: r.mitigation,
    plan: r.plan ?? '',
    // Left empty: the date follows from the rating unless a change names one.
    next_review: '',
  };
}

export const reviewFields = (L: Locale): FormField[] => [
  { name: 'note', label: t(L, 'risks.field.note'), kind: 'longtext', required: true, maxLength: 1000 },
  score('likelihood', t(L, 'risks.field.likelihood')),
  score('impact', t(L, 'risks.field.impact')),
  { name: 'next_review', label: t(L, 'risks.field.next_review'), kind: 'text', required: false, maxLength: 10, placeholder: 'YYYY-MM-DD' },
];

export const reviewForm = (L: Locale, r: Risk, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form =>
  form('risk', t(L, 'risks.form.reviewTitle', { id: r._id }), t(L, 'risks.form.review'), reviewFields(L), `review:${r._id}`, { likelihood: String(r.likelihood), impact: String(r.impact), ...values }, errors);

export const retireFields = (L: Locale): FormField[] => [{ name: 'reason', label: t(L, 'risks.field.reason'), kind: 'text', required: true, maxLength: 300 }];

export const retireForm = (L: Locale, r: Risk, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form =>
  form('risk', t(L, 'risks.form.retireTitle', { id: r._id }), t(L, 'risks.form.retire'), retireFields(L), `retire:${r._id}`, values, errors);

/** A next review date: a day (YYYY-MM-DD, the playbook's clock, 09:00) after today; anything else is named. */
export function readReviewDate(core: Core, L: Locale, raw: string | undefined): { at?: Date; error?: string } {
  const typed = (raw ?? '').trim();
  if (!typed) return {};
  const label = t(L, 'risks.field.next_review');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typed);
  if (!m) return { error: t(L, 'risks.err.date', { field: label, value: typed }) };
  const read = readTime(`${typed} 09:00`, { now: core.now(), zone: dutyZone(core.playbook), locale: L });
  const at = read.ok ? read.at : undefined;
  if (!at || dayOf(core, at) !== typed) return { error: t(L, 'risks.err.date', { field: label, value: typed }) };
  if (typed <= dayOf(core, core.now())) return { error: t(L, 'risks.err.past', { field: label, value: typed, today: dayOf(core, core.now()) }) };
  return { at };
}

/** Who owns it: a role of roles.yml or a person of roster.yml, by id (or a person's name). */
export function readOwner(core: Core, L: Locale, raw: string | undefined): { owner?: Pick<RiskFields, 'ownerRole' | 'ownerPerson'>; error?: string } {
  const typed = (raw ?? '').trim();
  const pb = core.playbook;
  if (pb.roles.some((r) => r.id === typed)) return { owner: { ownerRole: typed } };
  const p = pb.roster.find((x) => x.id === typed) ?? pb.roster.find((x) => x.name.toLowerCase() === typed.toLowerCase());
  if (p) return { owner: { ownerPerson: p.id } };
  return { error: t(L, 'risks.err.owner', { field: t(L, 'risks.field.owner'), value: typed, roles: pb.roles.map((r) => r.id).join(', ') }) };
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** A submitted risk form as fields and next review date, or its problems by field. */
export function checkRisk(core: Core, L: Locale, update: boolean, values: Record<string, string>): Checked<{ fields: RiskFields; nextReviewAt?: Date; reason?: string }> {
  const parsed = parseForm(riskFields(core, L, update), values, L, core.now());
  const errors = { ...parsed.errors };
  const owner = errors.owner ? {} : readOwner(core, L, values.owner);
  if (owner.error) errors.owner = owner.error;
  const date = errors.next_review ? {} : readReviewDate(core, L, values.next_review);
  if (date.error) errors.next_review = date.error;
  if (Object.keys(errors).length) return { ok: false, errors };
  const v = (k: string) => parsed.values[k]?.value;
  const plan = String(v('plan') ?? '');
  return {
    ok: true,
    value: {
      fields: {
        title: String(v('title')),
        category: v('category') as RiskCategory,
        likelihood: Number(v('likelihood')),
        impact: Number(v('impact')),
        ...owner.owner,
        mitigation: String(v('mitigation')),
        ...(plan ? { plan } : {}),
      },
      nextReviewAt: date.at,
      reason: update ? String(v('reason')) : undefined,
    },
  };
}
