import type { Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { currentFacts } from '../domain/assessment.ts';
import { t } from '../i18n/index.ts';
import { platformId } from '../incidents/roster.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/records.ts';
import { parseForm } from '../ui/fields.ts';
import type { FormField } from '../ui/form.ts';
import { readTime } from '../ui/times.ts';
import { CAUSE_CATEGORIES, type ActionOwner, type CauseCategory, type RcaVersion, type Why } from './model.ts';
import type { NewAction, RcaInput } from './service.ts';

/** The root-cause form (one definition, rendered per platform) and the checks of what people type into it and into `action add`. */

export const WHYS = 5;

export function rcaFields(L: Locale): FormField[] {
  const categories = CAUSE_CATEGORIES.map((c) => ({ value: c, label: t(L, `rca.category.${c}`) }));
  const whys = Array.from({ length: WHYS }, (_, k): FormField[] => [
    { name: `why${k + 1}`, label: t(L, 'rca.why', { n: k + 1 }), kind: 'text', required: k === 0, maxLength: 500 },
    { name: `cat${k + 1}`, label: t(L, 'rca.field.category', { n: k + 1 }), kind: 'select', required: false, options: categories, askIf: `why${k + 1}` },
  ]).flat();
  return [
    { name: 'problem', label: t(L, 'rca.field.problem'), kind: 'longtext', required: true, maxLength: 1000 },
    ...whys,
    { name: 'factors', label: t(L, 'rca.field.factors'), kind: 'longtext', required: false, maxLength: 1000 },
    { name: 'evidence', label: t(L, 'rca.field.evidence'), kind: 'text', required: false, maxLength: 200, placeholder: t(L, 'rca.hint.evidence') },
    { name: 'corrective', label: t(L, 'rca.field.corrective'), kind: 'longtext', required: false, maxLength: 2000, placeholder: t(L, 'rca.hint.corrective') },
  ];
}

/** The form's values from a recorded version: submitting again starts from the latest, so a revision retypes nothing. */
export function rcaValues(r: RcaVersion | undefined): Record<string, string> {
  if (!r) return {};
  const values: Record<string, string> = { problem: r.problem, factors: r.factors ?? '', evidence: r.evidence.join(', ') };
  r.whys.forEach((w, k) => {
    values[`why${k + 1}`] = w.text;
    if (w.category) values[`cat${k + 1}`] = w.category;
  });
  return values;
}

const unmention = (w: string) => w.match(/^<@!?([\w.-]+)(\|[^>]*)?>$/)?.[1] ?? w.match(/^<@&([\w.-]+)>$/)?.[1] ?? w.replace(/^@/, '');

/** `@bob`, `bob`, `<@U123>`, `Bob Placeholder`, a role id or its name: who answers for an action, or the message saying what fits. */
export function readOwner(core: Core, platform: Platform, L: Locale, typed: string): { ok: true; owner: ActionOwner } | { ok: false; error: string } {
  const pb = core.playbook;
  const w = unmention(typed.trim());
  const lower = w.toLowerCase();
  const p = pb.roster.find((x) => x.id === w || platformId(x, platform) === w) ?? pb.roster.find((x) => x.name.toLowerCase() === lower || x.name.split(' ')[0]!.toLowerCase() === lower);
  if (p) {
    const id = platformId(p, platform);
    if (!id) return { ok: false, error: t(L, 'people.err.noPlatformId', { name: p.name, platform }) };
    return { ok: true, owner: { person: { id, name: p.name } } };
  }
  const role = pb.roles.find((r) => r.id === lower || r.name.en.toLowerCase() === lower || r.name['zh-CN'] === w);
  if (role) return { ok: true, owner: { role: role.id } };
  if (!w) return { ok: false, error: t(L, 'actions.err.ownerMissing') };
  return { ok: false, error: t(L, 'actions.err.owner', { value: typed.trim(), people: pb.roster.map((x) => x.id).join(', '), roles: pb.roles.map((r) => r.id).join(', ') }) };
}

/** A due date as people write it (`2026-12-20`, `2026-12-20 17:00`, `tomorrow 9:00`, `明天 9:00`), in the reader's zone; not in the past. */
export function readDue(core: Core, L: Locale, zone: string, typed: string): { ok: true; due: Date } | { ok: false; error: string } {
  const w = typed.trim();
  if (!w) return { ok: false, error: t(L, 'actions.err.dueMissing') };
  const now = core.now();
  // A date alone is due at the end of that day.
  const ctx = { now, zone, locale: L };
  const first = readTime(w, ctx);
  const read = first.ok ? first : readTime(`${w} 23:59`, ctx);
  if (!read.ok) return { ok: false, error: t(L, 'actions.err.due', { value: w }) };
  if (read.at.getTime() <= now.getTime()) return { ok: false, error: t(L, 'actions.err.duePast', { value: w }) };
  return { ok: true, due: read.at };
}

type Checked = { ok: true; value: RcaInput } | { ok: false; errors: Record<string, string> };

/** The whole RCA form checked at once, every field's problem named, so nothing typed is lost. */
export function checkRca(core: Core, platform: Platform, L: Locale, zone: string, incident: Incident, values: Record<string, string>): Checked {
  const parsed = parseForm(rcaFields(L), values, L, core.now(), zone);
  const errors: Record<string, string> = { ...parsed.errors };
  const whys: Why[] = [];
  for (let k = 1; k <= WHYS; k++) {
    const text = parsed.values[`why${k}`]?.value;
    if (!text) continue;
    const category = parsed.values[`cat${k}`]?.value as CauseCategory | undefined;
    whys.push({ text: String(text), ...(category ? { category } : {}) });
  }
  // Evidence by fact number, each one the incident has (the assessment's facts, src/assessment).
  const known = currentFacts(incident.facts ?? []).map((f) => f.id);
  const evidence = [...new Set((values.evidence ?? '').split(/[,，;；\s]+/).map((x) => x.trim().toUpperCase()).filter(Boolean))];
  const bad = evidence.find((id) => !known.includes(id));
  if (bad) errors.evidence = t(L, 'rca.err.evidence', { value: bad, key: incident.key, ids: known.join(', ') || t(L, 'rca.err.noFacts') });
  const corrective: NewAction[] = [];
  (values.corrective ?? '').split(/\r?\n| \| /).forEach((line, k) => {
    if (!line.trim() || errors.corrective) return;
    const [title, owner, due, ...extra] = line.split(/[;；]/).map((x) => x.trim());
    const problem = (msg: string) => (errors.corrective = t(L, 'rca.err.corrective', { n: k + 1, line: line.trim(), problem: msg }));
    if (!title || owner === undefined || due === undefined || extra.length) return problem(t(L, 'rca.err.correctiveShape'));
    const o = readOwner(core, platform, L, owner);
    if (!o.ok) return problem(o.error);
    const d = readDue(core, L, zone, due);
    if (!d.ok) return problem(d.error);
    corrective.push({ title: title.slice(0, 200), owner: o.owner, due: d.due.getTime(), source: 'root-cause' });
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  const factors = parsed.values.factors?.value ? String(parsed.values.factors.value) : undefined;
  return { ok: true, value: { problem: String(parsed.values.problem!.value), whys, evidence, corrective, ...(factors ? { factors } : {}) } };
}
