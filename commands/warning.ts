import { UserError } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { loc } from '../src/playbook/text.ts';
import { readerZone } from '../src/playbook/zone.ts';
import { WARNING_ID } from '../src/signals/rules.ts';
import { readWarning } from '../src/store/signals.ts';
import { formatInZone } from '../src/ui/times.ts';
import type { ArgKind } from './define.ts';
import { arg, defineCommand } from './define.ts';
import { choice } from './kinds.ts';
import { TITLE_MAX, emptyForm } from './raise.ts';

const warningIdArg: ArgKind<string> = {
  kind: 'warning',
  take: 'one',
  accepts: (w) => WARNING_ID.test(w),
  exact: (w) => WARNING_ID.test(w),
  resolve(raw, ctx) {
    const id = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw[0] : undefined;
    if (!id || !WARNING_ID.test(id)) throw new UserError(t(ctx.inv.locale, 'signals.raise.usage'), 'warning');
    return id;
  },
};

/**
 * `warning raise W-…` — what *Raise incident* on an early-warning card does: the raise form,
 * filled in from the warning's rule (the plan as the type, its grading criteria) and latest signal
 * (title, description), for the person to check and submit. Submitting is the raise command's own
 * submit, so every rule of raising stays there. Not a Discord subcommand: the button reaches it.
 */
export const warningCommand = defineCommand({
  name: 'warning',
  args: [arg('verb', choice(['raise'] as const, { required: true, refuse: (_v, { inv }) => t(inv.locale, 'signals.raise.usage'), field: 'verb' })), arg('id', warningIdArg)],
  buttons: { 'warning.raise': { parts: ['id'], fixed: { verb: 'raise' } } },

  async run(core, inv, { id }) {
    const L = inv.locale;
    const w = await readWarning(core.db, id);
    const rule = core.playbook.signals?.rules.find((r) => r.id === w?.rule);
    if (!w || !rule) throw new UserError(t(L, 'signals.raise.unknown', { id }));
    const latest = w.points.at(-1);
    const form = emptyForm(core, L);
    const name = loc(rule.name, L);
    const values: Record<string, string> = {
      title: t(L, 'signals.raise.title', { rule: name, subject: latest?.subject ?? w.dedupKey }).slice(0, TITLE_MAX),
      description: t(L, 'signals.raise.description', {
        id,
        metric: rule.metric,
        value: String(latest?.value ?? '?'),
        at: latest ? formatInZone(latest.at, readerZone(core.playbook, inv)) : '?',
        threshold: String(rule.threshold),
        link: latest?.link ?? '',
      }).trim(),
    };
    if (core.playbook.plans.some((p) => p.id === rule.plan)) values.type = rule.plan;
    const known = new Set(form.fields.map((f) => f.name));
    for (const [k, v] of Object.entries(rule.criteria ?? {})) if (known.has(k) && v !== undefined) values[k] = String(v);
    form.values = values;
    form.notes.push(t(L, 'signals.raise.prefilled', { id, rule: name }));
    return { kind: 'form', form };
  },
});
