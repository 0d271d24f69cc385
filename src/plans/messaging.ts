import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import { card, text, type Card } from '../ui/card.ts';
import { describeChange, type Proposal } from './model.ts';

/** The proposals card (`report KEY proposals`) and the timeline lines of plan revision. */

export function proposalsCard(L: Locale, key: string, plan: string, list: readonly Proposal[], extra: readonly string[] = []): Card {
  const title = t(L, 'plans.list.title', { plan });
  if (!list.length) return card(title, [text(t(L, 'plans.list.none', { plan, key })), ...extra.map((x) => text(x))]);
  const lines = list.map((p) =>
    text(
      t(L, 'plans.list.line', {
        id: p.id,
        status: t(L, `plans.status.${p.status}`),
        change: describeChange(p.change),
        why: p.why,
        by: p.by.name,
        at: new Date(p.at).toISOString().slice(0, 10),
        from: p.incidentKey === key ? '' : t(L, 'plans.list.from', { key: p.incidentKey }),
      }) + (p.status === 'rejected' ? t(L, 'plans.list.rejected', { by: p.rejectedBy ?? '', reason: p.rejectReason ?? '' }) : p.status === 'applied' ? t(L, 'plans.list.applied', { by: p.appliedBy ?? '' }) : ''),
    ),
  );
  return card(title, [...lines, ...extra.map((x) => text(x))]);
}

const EVENTS = ['plan.proposed', 'plan.applied', 'plan.rejected'];
export const isPlanEvent = (type: string) => EVENTS.includes(type);

export function describePlanEvent(e: { type: string; actor: string; data?: Record<string, unknown> }, L: Locale): string {
  const d = e.data ?? {};
  const vars = { actor: e.actor, id: String(d.id ?? ''), plan: String(d.plan ?? ''), change: String(d.change ?? ''), why: String(d.why ?? '') };
  return t(L, e.type === 'plan.applied' ? 'plans.event.applied' : e.type === 'plan.rejected' ? 'plans.event.rejected' : 'plans.event.proposed', vars);
}
