import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { dutyZone } from '../people/duty.ts';
import { roleLabel } from '../people/messaging.ts';
import type { Rating } from '../playbook/risks.ts';
import { loc, type Locale } from '../playbook/text.ts';
import { card, text, type Block, type Card } from '../ui/card.ts';
import { formatInZone } from '../ui/times.ts';
import { mitigationOf, titleOf, type Risk, type RiskVersion } from './register.ts';

/** The register's cards: the list, one risk with its history, the owner's reminder, the weekly digest. */

/** A date as the playbook's clock shows it (risk reviews are days, not minutes). */
export const dayOf = (core: Core, d: Date) => formatInZone(d, dutyZone(core.playbook)).slice(0, 10);

export const isOverdue = (core: Core, r: Pick<Risk, 'status' | 'nextReviewAt'>) => r.status === 'active' && r.nextReviewAt.getTime() <= core.now().getTime();

export const ratingLabel = (L: Locale, rating: Rating) => t(L, `risks.rating.${rating}`);
export const categoryLabel = (L: Locale, c: string) => t(L, `risks.category.${c}` as 'risks.category.other');

export function ownerLabel(core: Core, r: Pick<Risk, 'ownerRole' | 'ownerPerson'>, L: Locale): string {
  if (r.ownerPerson) return core.playbook.roster.find((p) => p.id === r.ownerPerson)?.name ?? r.ownerPerson;
  return r.ownerRole ? roleLabel(core.playbook, r.ownerRole, L) : '—';
}

export function planLabel(core: Core, plan: string | undefined, L: Locale): string {
  if (!plan) return '—';
  const p = core.playbook.plans.find((x) => x.id === plan);
  return p ? `${loc(p.title, L)} (${plan})` : plan;
}

export const scoreOf = (r: Pick<Risk, 'likelihood' | 'impact'>) => `${r.likelihood}×${r.impact}=${r.likelihood * r.impact}`;

/** One line of the list: id, title, L×I, rating, owner, next review (overdue marked). */
export function riskLine(core: Core, r: Risk, L: Locale): string {
  const due = r.status === 'retired' ? t(L, 'risks.retired') : `${t(L, 'risks.nextReview')} ${dayOf(core, r.nextReviewAt)}${isOverdue(core, r) ? ` ${t(L, 'risks.overdue')}` : ''}`;
  return `${r._id} — ${titleOf(r, L)} — ${scoreOf(r)} ${ratingLabel(L, r.rating)} — ${t(L, 'risks.owner')} ${ownerLabel(core, r, L)} — ${due}`;
}

export function listCard(core: Core, risks: readonly Risk[], L: Locale): Card {
  const active = risks.filter((r) => r.status === 'active');
  const retired = risks.filter((r) => r.status === 'retired');
  const blocks: Block[] = active.map((r) => ({ kind: 'item', text: [riskLine(core, r, L)] }));
  if (!active.length) blocks.push(text(t(L, 'risks.empty')));
  if (retired.length) blocks.push({ kind: 'divider' }, text(t(L, 'risks.retiredList', { ids: retired.map((r) => r._id).join(', ') })));
  blocks.push(text(t(L, 'risks.listHint')));
  const overdue = active.filter((r) => isOverdue(core, r)).length;
  return card(t(L, 'risks.listTitle', { n: active.length, overdue }), blocks, overdue ? 'warning' : 'info');
}

function versionLine(core: Core, v: RiskVersion, L: Locale, visible: ReadonlySet<string>): string {
  const what = v.kind === 'linked' && !visible.has(v.incident ?? '') ? t(L, 'risks.version.linkedHidden') : t(L, `risks.version.${v.kind}`, { incident: v.incident ?? '' });
  const why = v.reason ? ` — ${t(L, 'risks.why')} ${v.reason}` : v.note ? ` — ${v.note}` : '';
  return `v${v.v} ${formatInZone(v.at, dutyZone(core.playbook))} ${v.by.name}: ${what} (${scoreOf(v)} ${ratingLabel(L, v.rating)}, ${t(L, 'risks.nextReview')} ${dayOf(core, v.nextReviewAt)})${why}`;
}

/**
 * One risk with its history. `visible`: the incidents the reader may access (the access rule,
 * src/incidents/access.ts); the others are not named, so a private incident's key cannot leak here.
 */
export function showCard(core: Core, r: Risk, L: Locale, visible: ReadonlySet<string> = new Set()): Card {
  const incidents = r.incidents.filter((k) => visible.has(k));
  const hidden = r.incidents.length - incidents.length;
  const due = [`${dayOf(core, r.nextReviewAt)}${isOverdue(core, r) ? ` ${t(L, 'risks.overdue')}` : ''}`];
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        { label: t(L, 'risks.field.category'), value: [categoryLabel(L, r.category)] },
        { label: t(L, 'risks.field.score'), value: [`${scoreOf(r)} ${ratingLabel(L, r.rating)}`] },
        { label: t(L, 'risks.field.owner'), value: [ownerLabel(core, r, L)] },
        { label: t(L, 'risks.field.plan'), value: [planLabel(core, r.plan, L)] },
        { label: t(L, 'risks.field.next_review'), value: r.status === 'retired' ? [t(L, 'risks.retired')] : due },
        { label: t(L, 'risks.field.incidents'), value: [[...incidents, ...(hidden ? [t(L, 'risks.hiddenIncidents', { n: hidden })] : [])].join(', ') || '—'] },
      ],
    },
    text(`${t(L, 'risks.field.mitigation')}: ${mitigationOf(r, L) || '—'}`),
    { kind: 'heading', text: t(L, 'risks.history') },
    ...[...r.versions].reverse().map((v): Block => ({ kind: 'item', text: [versionLine(core, v, L, visible)] })),
  ];
  return card(`${r._id} — ${titleOf(r, L)}`, blocks, r.status === 'retired' ? 'info' : r.rating === 'high' ? 'danger' : r.rating === 'medium' ? 'warning' : 'info');
}

/** The owner's DM when a review falls due. */
export function reminderCard(core: Core, r: Risk, L: Locale): Card {
  return card(t(L, 'risks.remind.title', { id: r._id }), [
    text(t(L, 'risks.remind.body', { title: titleOf(r, L), score: scoreOf(r), rating: ratingLabel(L, r.rating), due: dayOf(core, r.nextReviewAt) })),
    text(t(L, 'risks.remind.how', { id: r._id })),
  ], 'warning');
}

/** The monitoring channel's weekly list of reviews due in the coming week or overdue. */
export function digestCard(core: Core, due: readonly Risk[], L: Locale): Card {
  const blocks: Block[] = due.map((r) => ({ kind: 'item', text: [riskLine(core, r, L)] }));
  if (!due.length) blocks.push(text(t(L, 'risks.digest.none')));
  return card(t(L, 'risks.digest.title', { n: due.length, overdue: due.filter((r) => isOverdue(core, r)).length }), blocks, due.some((r) => isOverdue(core, r)) ? 'warning' : 'info');
}
