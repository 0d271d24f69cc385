import type { Core } from '../core.ts';
import { formatAge, t } from '../i18n/index.ts';
import type { DeadlineNotice } from '../outbox/enqueue.ts';
import { roleLabel } from '../people/messaging.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident, PersonRef } from '../store/records.ts';
import { card, text, type Block, type Button, type Card, type Inline } from '../ui/card.ts';
import { byUrgency, isOverdue, latestRca, type ActionOwner, type TrackedAction } from './model.ts';

/** The cards of root-cause analysis and improvement actions: the list, the RCA, the war-room lines, the overdue alerts. */

const mention = (p: PersonRef): Inline => ({ user: p.id, name: p.name });

export const ownerText = (core: Core, L: Locale, o: ActionOwner): string => ('person' in o ? o.person.name : roleLabel(core.playbook, o.role, L));
const ownerInline = (core: Core, L: Locale, o: ActionOwner): Inline => ('person' in o ? mention(o.person) : roleLabel(core.playbook, o.role, L));

/** `A2 · Replace the pump seals — owner @Bob — due <time> — overdue 2 d — from the root cause`. */
export function actionLine(core: Core, L: Locale, a: TrackedAction, now: Date, key?: string): Inline[] {
  const parts: Inline[] = [`${a.id}${key ? ` · ${key}` : ''} · ${a.title} — ${t(L, 'actions.owner')} `, ownerInline(core, L, a.owner), ` — ${t(L, 'actions.due')} `, { time: a.due, style: 'full' }];
  if (a.status === 'done') parts.push(` — ${t(L, 'actions.doneBy', { by: a.doneBy?.name ?? '?' })}${a.note ? `: ${a.note}` : ''}`);
  else if (isOverdue(a, now)) parts.push(` — ${t(L, 'actions.overdue', { age: formatAge(L, now.getTime() - a.due.getTime()) })}`);
  parts.push(` — ${t(L, `actions.source.${a.source}`)}`);
  return parts;
}

/** The incident's actions, open ones first (overdue first), then the done ones. */
export function actionsCard(core: Core, i: Incident, L: Locale, now: Date): Card {
  const list = [...(i.actions ?? [])];
  if (!list.length) return card(t(L, 'actions.title', { key: i.key }), [text(t(L, 'actions.none', { key: i.key }))]);
  const open = list.filter((a) => a.status === 'open').sort(byUrgency(now));
  const done = list.filter((a) => a.status === 'done');
  const blocks: Block[] = [...open, ...done].map((a) => text(...actionLine(core, L, a, now)));
  blocks.push(text(t(L, 'actions.counts', { open: open.length, overdue: open.filter((a) => isOverdue(a, now)).length, done: done.length })));
  return card(t(L, 'actions.title', { key: i.key }), blocks, open.some((a) => isOverdue(a, now)) ? 'warning' : undefined);
}

/** Every open action the reader may see across incidents, overdue first: the monitoring group's follow-up list. */
export function openActionsCard(core: Core, L: Locale, now: Date, rows: { incident: Incident; action: TrackedAction }[]): Card {
  if (!rows.length) return card(t(L, 'actions.allTitle'), [text(t(L, 'actions.allNone'))]);
  const sorted = [...rows].sort((a, b) => byUrgency(now)(a.action, b.action) || a.incident.key.localeCompare(b.incident.key));
  const overdue = sorted.filter((r) => isOverdue(r.action, now)).length;
  return card(t(L, 'actions.allTitle'), [...sorted.map((r) => text(...actionLine(core, L, r.action, now, r.incident.key))), text(t(L, 'actions.allCounts', { open: rows.length, overdue }))], overdue ? 'warning' : undefined);
}

/** The latest root-cause analysis, with its version and who recorded it. */
export function rcaCard(core: Core, i: Incident, L: Locale): Card {
  const r = latestRca(i.rca);
  if (!r) return card(t(L, 'rca.title', { key: i.key }), [text(t(L, 'rca.none', { key: i.key }))]);
  const blocks: Block[] = [
    text(t(L, 'rca.version', { v: r.v, by: r.by.name }), ' ', { time: r.at, style: 'full' }),
    text(`${t(L, 'rca.field.problem')}: ${r.problem}`),
    ...r.whys.map((w, k) => text(`${t(L, 'rca.why', { n: k + 1 })}: ${w.text}${w.category ? ` [${t(L, `rca.category.${w.category}`)}]` : ''}`)),
  ];
  if (r.factors) blocks.push(text(`${t(L, 'rca.field.factors')}: ${r.factors}`));
  if (r.evidence.length) blocks.push(text(`${t(L, 'rca.field.evidence')}: ${r.evidence.join(', ')}`));
  if (r.actions.length) blocks.push(text(t(L, 'rca.actions', { ids: r.actions.join(', ') })));
  blocks.push({ kind: 'actions', buttons: [{ id: 'action.rca', label: t(L, 'rca.button.revise'), value: i.key }] });
  return card(t(L, 'rca.title', { key: i.key }), blocks);
}

/** The war-room line of a recorded change: RCA version, actions added, an action done. */
export function actionNoticeCard(core: Core, i: Incident, e: { what: string; ids: string[]; v?: number; by: PersonRef }): Card {
  const L = i.locale as Locale;
  const found = (i.actions ?? []).filter((a) => e.ids.includes(a.id));
  if (e.what === 'rca') {
    const blocks: Block[] = [text(t(L, 'rca.notice', { by: e.by.name, v: e.v ?? 1, key: i.key }))];
    if (found.length) blocks.push(...found.map((a) => text(...actionLine(core, L, a, a.at))));
    return card(undefined, blocks, 'info');
  }
  if (e.what === 'done') {
    const a = found[0];
    return card(undefined, [text(t(L, 'actions.notice.done', { by: e.by.name, id: e.ids[0] ?? '?', title: a?.title ?? '', note: a?.note ? ` — ${a.note}` : '' }))], 'success');
  }
  return card(undefined, found.map((a) => text(t(L, 'actions.notice.added', { by: e.by.name }), ' ', ...actionLine(core, L, a, a.at))), 'info');
}

const localeOf = (i: Incident) => i.locale as Locale;

/** The DM to an owner of new actions: what, when due, and Done. */
export function actionAssignedCard(core: Core, i: Incident, e: { ids: string[]; by: PersonRef }): Card {
  const L = localeOf(i);
  const found = (i.actions ?? []).filter((a) => e.ids.includes(a.id));
  const blocks: Block[] = [text(t(L, 'actions.assigned.by', { by: e.by.name, key: i.key, title: i.title })), ...found.map((a) => text(...actionLine(core, L, a, a.at)))];
  const buttons: Button[] = found.filter((a) => a.status === 'open').map((a) => ({ id: 'action.done', label: `${t(L, 'actions.button.done')} ${a.id}`, value: `${i.key}:${a.id}` }));
  if (buttons.length) blocks.push({ kind: 'actions', buttons });
  return card(t(L, 'actions.assigned.title', { key: i.key, ids: e.ids.join(', ') }), blocks, 'info');
}

/** The DM of an overdue action's rung (incidents/alert-cards.ts hands action alerts here), with Done. */
export function actionAlertDm(core: Core, i: Incident, n: DeadlineNotice & { to: PersonRef }): Card {
  const L = localeOf(i);
  const a = i.actions?.find((x) => x.id === n.action);
  const overdue = n.dueAt !== undefined ? formatAge(L, Math.max(0, n.at - n.dueAt)) : '';
  const blocks: Block[] = [text(t(L, 'actions.alert.what', { id: n.action ?? '?', title: a?.title ?? '', key: i.key }))];
  if (a) blocks.push(text(`${t(L, 'actions.owner')} `, ownerInline(core, L, a.owner), ` — ${t(L, 'actions.due')} `, { time: a.due, style: 'full' }, ` — ${t(L, 'actions.overdue', { age: overdue })}`));
  if (n.rung && n.notify !== 'owners') blocks.push(text(t(L, 'actions.alert.asLead')));
  if (i.status === 'closed') blocks.push(text(t(L, 'actions.alert.closed', { key: i.key })));
  if (n.late) blocks.push(text(t(L, 'deadline.sentLate', { age: formatAge(L, n.late) })));
  const buttons: Button[] = [{ id: 'action.done', label: t(L, 'actions.button.done'), value: `${i.key}:${n.action ?? ''}`, style: 'primary' }];
  blocks.push({ kind: 'actions', buttons });
  return card(t(L, 'actions.alert.title', { id: n.action ?? '?', key: i.key }), blocks, 'danger');
}

/** The war-room line of an overdue action's rung. */
export function actionAlertNotice(i: Incident, n: DeadlineNotice, who: Inline[]): Inline[] {
  const L = localeOf(i);
  const a = i.actions?.find((x) => x.id === n.action);
  const age = n.dueAt !== undefined ? formatAge(L, Math.max(0, n.at - n.dueAt)) : '';
  return [t(L, n.rung ? 'actions.alert.notice' : 'actions.alert.notice0', { id: n.action ?? '?', title: a?.title ?? '', age }), ...who];
}
