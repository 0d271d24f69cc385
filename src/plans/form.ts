import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { tryParseDuration } from '../playbook/duration.ts';
import { PHASES, type Plan } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import { parseForm } from '../ui/fields.ts';
import type { FormField } from '../ui/form.ts';
import { CHANGE_KINDS, TEMPLATE_KINDS, type ChangeKind, type DueMap, type PlanChange, type TemplateKind } from './model.ts';

/**
 * The plan-change form (one definition, rendered per platform) and the check of what is typed
 * into it. Which fields count depends on the change kind; each problem is named on its field and
 * the form comes back with everything typed, so nothing is lost.
 */

const LEVELS = ['1', '2', '3', '4'] as const;

export function proposalFields(core: Core, L: Locale, plan: Plan): FormField[] {
  const pb = core.playbook;
  const opts = (values: readonly string[], label: (v: string) => string) => values.map((v) => ({ value: v, label: label(v) }));
  return [
    { name: 'plan', label: t(L, 'plans.field.plan'), kind: 'select', required: true, options: pb.plans.map((p) => ({ value: p.id, label: p.title[L] })) },
    { name: 'kind', label: t(L, 'plans.field.kind'), kind: 'select', required: true, options: opts(CHANGE_KINDS, (k) => t(L, `plans.kind.${k as ChangeKind}`)) },
    { name: 'step', label: t(L, 'plans.field.step'), kind: 'select', required: false, options: plan.steps.map((s) => ({ value: s.id, label: `${s.id} — ${s.title[L]}`.slice(0, 75) })) },
    { name: 'newStep', label: t(L, 'plans.field.newStep'), kind: 'text', required: false, maxLength: 60, placeholder: 'call-insurer' },
    { name: 'titleEn', label: t(L, 'plans.field.titleEn'), kind: 'text', required: false, maxLength: 200 },
    { name: 'titleZh', label: t(L, 'plans.field.titleZh'), kind: 'text', required: false, maxLength: 200 },
    { name: 'phase', label: t(L, 'plans.field.phase'), kind: 'select', required: false, options: opts(PHASES, (p) => p) },
    { name: 'owner', label: t(L, 'plans.field.owner'), kind: 'text', required: false, maxLength: 60, placeholder: pb.roles[0]?.id },
    { name: 'due', label: t(L, 'plans.field.due'), kind: 'text', required: false, maxLength: 100, placeholder: t(L, 'plans.hint.due') },
    { name: 'position', label: t(L, 'plans.field.position'), kind: 'integer', required: false, min: 1 },
    { name: 'audience', label: t(L, 'plans.field.audience'), kind: 'select', required: false, options: opts(TEMPLATE_KINDS, (k) => k) },
    { name: 'textEn', label: t(L, 'plans.field.textEn'), kind: 'longtext', required: false, maxLength: 2000 },
    { name: 'textZh', label: t(L, 'plans.field.textZh'), kind: 'longtext', required: false, maxLength: 2000 },
    { name: 'why', label: t(L, 'plans.field.why'), kind: 'longtext', required: true, maxLength: 1000 },
  ];
}

/** `1: 2h, 2: 4h` (also `{ 1: 2h }`, full-width punctuation): a deadline per level, each a duration. */
export function readDueMap(L: Locale, typed: string): { ok: true; due: DueMap } | { ok: false; error: string } {
  const body = typed.replace(/[{}]/g, '').trim();
  const due: DueMap = {};
  for (const part of body.split(/[,，;；]/).map((x) => x.trim()).filter(Boolean)) {
    const m = part.match(/^([1-4])\s*[:：=]\s*(\S+)$/);
    const d = m ? tryParseDuration(m[2]!) : undefined;
    if (!m || !d?.ok) return { ok: false, error: t(L, 'plans.err.due', { value: typed.trim(), problem: !m ? `'${part}'` : d && !d.ok ? d.message : part }) };
    due[m[1] as (typeof LEVELS)[number]] = m[2]!;
  }
  if (!Object.keys(due).length) return { ok: false, error: t(L, 'plans.err.due', { value: typed.trim(), problem: '—' }) };
  return { ok: true, due };
}

/** A role id, or a role's name in either language. */
function readRole(core: Core, typed: string): string | undefined {
  const w = typed.trim();
  return core.playbook.roles.find((r) => r.id === w.toLowerCase() || r.name.en.toLowerCase() === w.toLowerCase() || r.name['zh-CN'] === w)?.id;
}

export type CheckedProposal = { ok: true; plan: string; change: PlanChange; why: string } | { ok: false; errors: Record<string, string>; plan: Plan };

export function checkProposal(core: Core, L: Locale, fallback: Plan, values: Record<string, string>): CheckedProposal {
  const pb = core.playbook;
  const plan = pb.plans.find((p) => p.id === values.plan?.trim()) ?? fallback;
  // The step is checked against the chosen plan below, not against the options the form showed.
  const fields = proposalFields(core, L, plan).filter((f) => f.name !== 'step');
  const parsed = parseForm(fields, values, L, core.now());
  const errors: Record<string, string> = { ...parsed.errors };
  const v = (name: string) => (parsed.values[name]?.value === undefined ? '' : String(parsed.values[name]!.value));
  const kind = v('kind') as ChangeKind;
  const need = (name: string) => {
    // The label without its "(add-step, …)" hint: the message says which kind needs it.
    const field = (fields.find((f) => f.name === name)?.label ?? name).replace(/\s*[(（].*$/, '');
    if (!v(name) && !errors[name]) errors[name] = t(L, 'plans.err.needed', { field, kind: t(L, `plans.kind.${kind}`) });
    return v(name);
  };
  const steps = plan.steps.map((s) => s.id).join(', ');
  const stepAt = (): { id: string; at: number } | undefined => {
    const typed = (values.step ?? '').trim();
    if (!typed) {
      errors.step = t(L, 'plans.err.stepMissing', { plan: plan.id, steps });
      return undefined;
    }
    const k = plan.steps.findIndex((s) => s.id === typed || s.id === typed.split(/\s+/)[0]);
    if (k < 0) errors.step = t(L, 'plans.err.step', { value: typed, plan: plan.id, steps });
    return k < 0 ? undefined : { id: plan.steps[k]!.id, at: k + 1 };
  };
  const role = (current?: string) => {
    const typed = need('owner');
    if (!typed) return '';
    const id = readRole(core, typed);
    if (!id) errors.owner = t(L, 'plans.err.owner', { value: typed, roles: pb.roles.map((r) => r.id).join(', ') });
    else if (id === current) errors.owner = t(L, 'plans.err.ownerSame', { value: id });
    return id ?? '';
  };
  const dueMap = (all: boolean): DueMap => {
    const typed = need('due');
    if (!typed) return {};
    const d = readDueMap(L, typed);
    if (!d.ok) errors.due = d.error;
    else if (all && LEVELS.some((l) => !d.due[l])) errors.due = t(L, 'plans.err.dueAll', { levels: LEVELS.filter((l) => !d.due[l]).join(', ') });
    return d.ok ? d.due : {};
  };
  let change: PlanChange | undefined;
  switch (kind) {
    case 'add-step': {
      const id = need('newStep');
      if (id && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) errors.newStep = t(L, 'plans.err.newStep', { value: id });
      else if (id && plan.steps.some((s) => s.id === id)) errors.newStep = t(L, 'plans.err.newStepTaken', { plan: plan.id, value: id });
      const title = { en: need('titleEn'), 'zh-CN': need('titleZh') };
      const phase = need('phase');
      change = { kind, step: { id, phase, owner: role(), due: dueMap(true), title } };
      break;
    }
    case 'remove-step': {
      const s = stepAt();
      if (s) change = { kind, step: s.id, at: s.at };
      break;
    }
    case 'reorder-step': {
      const s = stepAt();
      const position = Number(need('position'));
      if (s && position && (position > plan.steps.length || position === s.at)) errors.position = t(L, 'plans.err.position', { n: plan.steps.length, at: s.at });
      if (s) change = { kind, step: s.id, at: s.at, position };
      break;
    }
    case 'change-owner': {
      const s = stepAt();
      const owner = role(s ? plan.steps[s.at - 1]!.owner : undefined);
      if (s) change = { kind, step: s.id, at: s.at, owner };
      break;
    }
    case 'change-due': {
      const s = stepAt();
      const due = dueMap(false);
      if (s) change = { kind, step: s.id, at: s.at, due };
      break;
    }
    case 'statement-template': {
      const audience = need('audience') as TemplateKind;
      const text = { ...(v('textEn') ? { en: v('textEn') } : {}), ...(v('textZh') ? { 'zh-CN': v('textZh') } : {}) };
      if (!text.en && !text['zh-CN']) errors.textEn = t(L, 'plans.err.text');
      change = { kind, audience, text };
      break;
    }
  }
  if (Object.keys(errors).length || !change) return { ok: false, errors, plan };
  return { ok: true, plan: plan.id, change, why: v('why') };
}
