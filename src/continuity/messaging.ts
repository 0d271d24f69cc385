import type { Core } from '../core.ts';
import { isAffected, restoreOrder, rtoDeadline, type FunctionStatus } from '../domain/continuity.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { formatAge, t } from '../i18n/index.ts';
import { roleLabel } from '../people/messaging.ts';
import { formatDuration } from '../playbook/duration.ts';
import { loc, type Locale } from '../playbook/text.ts';
import type { DeadlineNotice } from '../outbox/enqueue.ts';
import type { Incident, PersonRef } from '../store/records.ts';
import { card, text, type Block, type Card, type Inline } from '../ui/card.ts';
import { functionById, functionsOf } from './service.ts';

/** The Business continuity card, a mark's timeline line, and the RTO alerts' DM and war-room line. */

export const functionName = (core: Core, id: string, L: Locale) => {
  const f = functionById(core, id);
  return f ? loc(f.name, L) : id;
};
const stateWord = (L: Locale, s: string) => t(L, `continuity.state.${s}` as 'continuity.state.down');
const rtoOf = (core: Core, id: string) => functionById(core, id)?.rto;
const age = (L: Locale, ms: number) => formatAge(L, ms);

/** The incident's affected functions in the order to restore them (src/domain/continuity.ts). */
export function affectedInOrder(core: Core, i: Pick<Incident, 'continuity'>): FunctionStatus[] {
  const affected = (i.continuity ?? []).filter(isAffected);
  const order = restoreOrder(functionsOf(core), affected.map((s) => s.id));
  const known = order.map((id) => affected.find((s) => s.id === id)!);
  // A function since removed from continuity.yml stays listed (last): it is still marked down.
  return [...known, ...affected.filter((s) => !order.includes(s.id))];
}

/** "within its RTO" or "20 min past its RTO" for a restored function. */
export function verdict(core: Core, s: FunctionStatus, L: Locale): string {
  const rto = rtoOf(core, s.id);
  if (rto === undefined || !s.restoredAt) return '';
  const late = s.restoredAt.getTime() - rtoDeadline(s, rto).getTime();
  return late > 0 ? t(L, 'continuity.verdict.missed', { late: age(L, late), rto: formatDuration(rto) }) : t(L, 'continuity.verdict.within', { rto: formatDuration(rto) });
}

function affectedLine(core: Core, i: Incident, s: FunctionStatus, n: number, now: Date, L: Locale): Block[] {
  const f = functionById(core, s.id);
  const rto = f?.rto;
  const parts: Inline[] = [t(L, 'continuity.card.line', { n, name: functionName(core, s.id, L), id: s.id, state: stateWord(L, s.state), age: age(L, now.getTime() - s.since.getTime()), rto: rto ? formatDuration(rto) : '—' })];
  if (rto) {
    const due = rtoDeadline(s, rto);
    parts.push(due > now ? t(L, 'continuity.card.due') : t(L, 'continuity.card.passed', { age: age(L, now.getTime() - due.getTime()) }), { time: due, style: 'full' });
  }
  if (f) parts.push(t(L, 'continuity.card.owner', { role: roleLabel(core.playbook, f.owner, L) }));
  const deps = (f?.depends_on ?? []).filter((d) => (i.continuity ?? []).some((x) => x.id === d && isAffected(x)));
  if (deps.length) parts.push(t(L, 'continuity.card.after', { deps: deps.join(', ') }));
  const blocks: Block[] = [{ kind: 'item', text: parts, button: { id: 'service.restored', label: t(L, 'continuity.button.restored'), value: `${i.key}:${s.id}` } }];
  if (s.note) blocks.push(text(t(L, 'continuity.card.note', { note: s.note, by: s.by.name })));
  return blocks;
}

/** Each affected function with its state, how long it has been out, its RTO deadline, owner and what must run first; then the restored ones. */
export function continuityCard(core: Core, i: Incident, now: Date, L: Locale = i.locale as Locale): Card {
  const affected = affectedInOrder(core, i);
  const restored = (i.continuity ?? []).filter((s) => !isAffected(s));
  const blocks: Block[] = [];
  if (!affected.length) blocks.push(text(t(L, 'continuity.card.none', { key: i.key })));
  else {
    blocks.push({ kind: 'heading', text: t(L, 'continuity.card.affected') });
    affected.forEach((s, k) => blocks.push(...affectedLine(core, i, s, k + 1, now, L)));
    blocks.push(text(t(L, 'continuity.card.order', { order: affected.map((s) => s.id).join(' → ') })));
  }
  if (restored.length) {
    blocks.push({ kind: 'heading', text: t(L, 'continuity.card.restored') });
    for (const s of restored) {
      const took = s.restoredAt!.getTime() - s.since.getTime();
      blocks.push(text(t(L, 'continuity.card.restoredLine', { name: functionName(core, s.id, L), id: s.id, age: age(L, took), verdict: verdict(core, s, L) }), { time: s.restoredAt!, style: 'full' }));
    }
  }
  blocks.push(text(t(L, 'continuity.card.hint', { key: i.key })));
  return card(t(L, 'continuity.card.title', { key: i.key }), blocks, affected.length ? 'warning' : 'success');
}

export const isContinuityEvent = (type: string) => type.startsWith('continuity.');

export function describeContinuityEvent(core: Core, e: Pick<ChainedEvent, 'type' | 'actor' | 'data'>, L: Locale): string {
  const d = e.data as Record<string, unknown>;
  return t(L, 'continuity.event', {
    actor: e.actor,
    name: functionName(core, String(d.fn), L),
    state: stateWord(L, String(d.to)),
    from: stateWord(L, String(d.from ?? 'running')),
    note: d.note ? `: ${String(d.note)}` : '',
  });
}

const mention = (p: PersonRef): Inline => ({ user: p.id, name: p.name });
const joinPeople = (people: readonly PersonRef[]): Inline[] => people.flatMap((p, k) => (k ? [', ', mention(p)] : [mention(p)]));

/** The RTO alert's DM: which function, how long it has been out, when its RTO falls, a button to mark it restored. */
export function rtoDm(core: Core, i: Incident, n: DeadlineNotice & { to: PersonRef }): Card {
  const L = i.locale as Locale;
  const fn = n.fn ?? '?';
  const name = functionName(core, fn, L);
  const s = i.continuity?.find((x) => x.id === fn);
  const rto = rtoOf(core, fn);
  const due = new Date(n.dueAt ?? n.at);
  const passed = n.at >= due.getTime();
  const title = passed ? t(L, 'deadline.rto.titlePassed', { name, key: i.key }) : t(L, 'deadline.rto.title', { name, key: i.key, left: age(L, due.getTime() - n.at) });
  const blocks: Block[] = [text(t(L, 'deadline.incident', { key: i.key, title: i.title, level: i.level }))];
  blocks.push(text(t(L, 'deadline.rto.body', { name, state: stateWord(L, s?.state ?? 'down') }), { time: s?.since ?? new Date(n.at), style: 'full' }, t(L, 'deadline.rto.deadline', { rto: rto ? formatDuration(rto) : '—' }), { time: due, style: 'full' }));
  if (n.late) blocks.push(text(t(L, 'deadline.sentLate', { age: age(L, n.late) })));
  blocks.push({ kind: 'actions', buttons: [{ id: 'service.restored', label: t(L, 'continuity.button.restored'), value: `${i.key}:${fn}`, style: 'primary' }] });
  return card(title, blocks, passed ? 'danger' : 'warning');
}

/** The war-room line of an RTO rung: "⏱ The RTO of Payments (4h) passes in 1 h — reminded @Frank". */
export function rtoNoticeParts(core: Core, i: Incident, n: DeadlineNotice & { notified: PersonRef[]; skipped: PersonRef[] }): Inline[] {
  const L = i.locale as Locale;
  const fn = n.fn ?? '?';
  const rto = rtoOf(core, fn);
  const due = n.dueAt ?? n.at;
  const who: Inline[] = n.notified.length ? joinPeople(n.notified) : [t(L, n.skipped.length ? 'deadline.notice.nobodyDrill' : 'deadline.notice.nobody')];
  const params = { name: functionName(core, fn, L), rto: rto ? formatDuration(rto) : '—', left: age(L, due - n.at), key: i.key, fn };
  return [t(L, n.at >= due ? 'deadline.notice.rto' : 'deadline.notice.rto0', params), ...who, t(L, 'deadline.notice.rtoHint', params)];
}

export function describeRtoAlert(d: Record<string, unknown>, L: Locale, who: string, rung: number): string {
  return t(L, 'event.deadline.rto', { fn: String(d.fn ?? '?'), what: t(L, Number(d.rung ?? 0) ? 'event.deadline.rto.passed' : 'event.deadline.rto.near'), who, rung });
}
