import type { Core } from '../core.ts';
import { NOTIFY_LEAD, NOTIFY_OWNERS, type Ladder } from '../domain/escalation.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { formatAge, t } from '../i18n/index.ts';
import type { DeadlineNotice } from '../outbox/enqueue.ts';
import type { Playbook } from '../playbook/schema.ts';
import { loc, type Locale } from '../playbook/text.ts';
import { policyOf } from '../scheduler/schedule.ts';
import type { Incident } from '../store/incidents.ts';
import type { PersonRef, Step } from '../store/records.ts';
import { card, text, type Block, type Button, type Card, type Inline } from '../ui/card.ts';
import { roleName } from './messaging.ts';
import { describeRtoAlert, rtoDm, rtoNoticeParts } from '../continuity/messaging.ts';
import { actionAlertDm, actionAlertNotice } from '../actions/messaging.ts';
import { describeSiteAlert, siteAlertDm, siteNoticeParts } from '../site/messaging.ts';
import { describeReportAlert, reportDueDm, reportDueNotice } from '../report/due-messaging.ts';

/** Cards of the deadline feature: alert DMs, war-room notices, status updates, the ladder in words. */

const localeOf = (i: Incident) => i.locale as Locale;
const age = (L: Locale, ms: number) => formatAge(L, ms);
const mention = (p: PersonRef): Inline => ({ user: p.id, name: p.name });

/** "owners at the deadline → lead after 15 min → Executive sponsor after 30 min" */
export function ladderText(pb: Playbook, L: Locale, ladder: Ladder): string {
  return ladder
    .map((r) => (r.after === 0 ? t(L, 'ladder.at', { who: targetName(pb, L, r.notify) }) : t(L, 'ladder.after', { who: targetName(pb, L, r.notify), age: age(L, r.after) })))
    .join(' → ');
}

export function targetName(pb: Playbook, L: Locale, notify: string): string {
  if (notify === NOTIFY_OWNERS) return t(L, 'ladder.owners');
  if (notify === NOTIFY_LEAD) return t(L, 'ladder.lead');
  return roleName(pb, notify, L);
}

/** Every card of a drill carries the prefix, so nobody mistakes an exercise for a crisis. */
export function drillPrefixed(c: Card, L: Locale): Card {
  const prefix = t(L, 'drill.prefix');
  if (c.title) return { ...c, title: `${prefix} ${c.title}` };
  const [first, ...rest] = c.blocks;
  // A one-line notice keeps one line: the prefix goes in front of its text.
  if (first?.kind === 'text') return { ...c, blocks: [{ kind: 'text', text: [`${prefix} `, ...first.text] }, ...rest] };
  return { ...c, blocks: [text(prefix), ...c.blocks] };
}

const incidentLine = (i: Incident) => text(t(localeOf(i), 'deadline.incident', { key: i.key, title: i.title, level: i.level }));

function lateLine(L: Locale, n: DeadlineNotice): Block[] {
  return n.late ? [text(t(L, 'deadline.sentLate', { age: age(L, n.late) }))] : [];
}

/** The DM to one person on the ladder: what is overdue, by how much, and what they can press. */
export function deadlineDm(core: Core, i: Incident, n: DeadlineNotice & { to: PersonRef }, step: Step | null): Card {
  if (n.about === 'rto') return rtoDm(core, i, n);
  if (n.about === 'action') return actionAlertDm(core, i, n);
  if (n.about === 'site') return siteAlertDm(i, n);
  if (n.about === 'report') return reportDueDm(core, i, n);
  const L = localeOf(i);
  const pb = core.playbook;
  const overdue = n.dueAt !== undefined && n.at - n.dueAt >= 60_000 ? t(L, 'deadline.overdueBy', { age: age(L, n.at - n.dueAt) }) : t(L, 'deadline.overdueNow');
  const blocks: Block[] = [incidentLine(i)];
  const buttons: Button[] = [];
  let title: string;
  switch (n.about) {
    case 'step': {
      const what = step ? loc(step.title, L) : '';
      title = t(L, 'deadline.step.title', { n: n.n ?? '?', key: i.key });
      blocks.push(
        text(t(L, 'deadline.step.what', { n: n.n ?? '?', title: what })),
        text(`${t(L, 'deadline.due')} `, { time: new Date(n.dueAt!), style: 'full' }, ` — ${overdue}`),
      );
      if (step) blocks.push(text(t(L, 'checklist.owner', { role: roleName(pb, step.ownerRole, L) }), step.owners.length ? ' — ' : '', ...joinPeople(step.owners)));
      if (n.rung && n.notify !== NOTIFY_OWNERS) blocks.push(text(asRung(pb, L, i, n)));
      const value = `${i.key}:${n.n}`;
      buttons.push({ id: 'step.done', label: t(L, 'button.done'), value, style: 'primary' });
      if (!n.rung) buttons.push({ id: 'step.help', label: t(L, 'button.help'), value });
      buttons.push({ id: 'step.snooze', label: t(L, 'button.snooze'), value });
      break;
    }
    case 'ack':
      title = t(L, 'deadline.ack.title', { key: i.key });
      blocks.push(text(`${t(L, 'deadline.ack.due')} `, { time: new Date(n.dueAt!), style: 'full' }, ` — ${overdue}`));
      if (n.rung && n.notify !== NOTIFY_OWNERS) blocks.push(text(asRung(pb, L, i, n)));
      if (i.lead?.id === n.to.id) buttons.push({ id: 'incident.ack', label: t(L, 'button.ack'), value: i.key, style: 'primary' });
      break;
    case 'statement':
      title = t(L, n.n ? 'deadline.statement.titleNext' : 'deadline.statement.title', { key: i.key });
      blocks.push(text(`${t(L, 'deadline.statement.due')} `, { time: new Date(n.dueAt!), style: 'full' }, ` — ${overdue}`));
      if (n.rung && n.notify !== NOTIFY_OWNERS) blocks.push(text(asRung(pb, L, i, n)));
      buttons.push({ id: 'summary.statement', label: t(L, 'statement.button.draft'), value: i.key, style: 'primary' });
      break;
    case 'role': {
      const role = roleName(pb, n.role ?? '?', L);
      title = t(L, 'deadline.role.title', { role, key: i.key });
      blocks.push(text(t(L, 'deadline.role.body', { role })), text(`${t(L, 'deadline.due')} `, { time: new Date(n.dueAt!), style: 'full' }, ` — ${overdue}`));
      if (n.rung && n.notify !== NOTIFY_OWNERS) blocks.push(text(asRung(pb, L, i, n)));
      blocks.push(text(t(L, 'deadline.role.hint', { key: i.key, id: n.role ?? '?' })));
      buttons.push({ id: 'role.claim', label: t(L, 'people.card.claim'), value: `${i.key}:${n.role}`, style: 'primary' });
      break;
    }
    case 'update': {
      const cadence = policyOf(pb, i.level).cadence;
      title = t(L, 'deadline.update.title', { key: i.key });
      blocks.push(text(t(L, 'deadline.update.body', { age: age(L, n.at - (n.since ?? n.at)), cadence: age(L, cadence) })));
      buttons.push({ id: 'incident.update', label: t(L, 'button.update'), value: i.key, style: 'primary' });
      break;
    }
    default: {
      const what = step ? loc(step.title, L) : '';
      title = t(L, 'deadline.help.title', { user: n.by?.name ?? '?', n: n.n ?? '?', key: i.key });
      blocks.push(text(t(L, 'deadline.step.what', { n: n.n ?? '?', title: what })));
      if (step) blocks.push(text(`${t(L, 'deadline.due')} `, { time: step.dueAt, style: 'full' }));
      blocks.push(text(t(L, 'deadline.help.body'), ' ', mention(n.by ?? { id: '?', name: '?' })));
      break;
    }
  }
  blocks.push(...lateLine(L, n));
  if (buttons.length) blocks.push({ kind: 'actions', buttons });
  return card(title, blocks, n.about === 'update' ? 'warning' : 'danger');
}

function asRung(pb: Playbook, L: Locale, i: Incident, n: DeadlineNotice): string {
  const rungs = policyOf(pb, i.level).ladder.length;
  const target = n.about !== 'step' && n.notify === NOTIFY_OWNERS ? NOTIFY_LEAD : (n.notify ?? NOTIFY_LEAD);
  return t(L, 'deadline.asRung', { target: targetName(pb, L, target), rung: (n.rung ?? 0) + 1, rungs });
}

function joinPeople(people: readonly PersonRef[]): Inline[] {
  return people.flatMap((p, k) => (k ? [', ', mention(p)] : [mention(p)]));
}

/** The war-room line that goes with each rung: "Step 4 'Notify the regulator' is 20 min overdue — escalated to @lead". */
export function roomNotice(core: Core, i: Incident, n: DeadlineNotice & { notified: PersonRef[]; skipped: PersonRef[] }, step: Step | null): Card {
  const L = localeOf(i);
  const title = step ? loc(step.title, L) : '';
  const overdue = n.dueAt !== undefined ? age(L, n.at - n.dueAt) : '';
  const who: Inline[] = n.notified.length ? joinPeople(n.notified) : [t(L, n.skipped.length ? 'deadline.notice.nobodyDrill' : 'deadline.notice.nobody')];
  const parts: Inline[] = [];
  switch (n.about) {
    case 'step':
      parts.push(t(L, n.rung ? 'deadline.notice.step' : 'deadline.notice.step0', { n: n.n ?? '?', title, age: overdue }), ...who);
      break;
    case 'ack':
      parts.push(t(L, n.rung ? 'deadline.notice.ack' : 'deadline.notice.ack0', { key: i.key, age: overdue }), ...who);
      break;
    case 'update': {
      const cadence = policyOf(core.playbook, i.level).cadence;
      parts.push(t(L, 'deadline.notice.update', { age: age(L, n.at - (n.since ?? n.at)), cadence: age(L, cadence) }), ...who, t(L, 'deadline.notice.updateHint', { key: i.key }));
      break;
    }
    case 'statement':
      parts.push(t(L, n.rung ? 'deadline.notice.statement' : 'deadline.notice.statement0', { key: i.key, age: overdue }), ...who, t(L, 'deadline.notice.statementHint', { key: i.key }));
      break;
    case 'role':
      parts.push(t(L, n.rung ? 'deadline.notice.role' : 'deadline.notice.role0', { role: roleName(core.playbook, n.role ?? '?', L), age: overdue }), ...who);
      break;
    case 'rto':
      parts.push(...rtoNoticeParts(core, i, n));
      break;
    case 'action':
      parts.push(...actionAlertNotice(i, n, who));
      break;
    case 'site':
      parts.push(...siteNoticeParts(i, n));
      break;
    case 'report':
      parts.push(...reportDueNotice(i, n, who));
      break;
    case 'help':
      parts.push(t(L, 'deadline.notice.help', { user: n.by?.name ?? '?', n: n.n ?? '?', title }), ...who);
      break;
    case 'acked':
      parts.push(t(L, 'deadline.notice.acked', { key: i.key, user: n.by?.name ?? '?' }));
      break;
    case 'snoozed':
      parts.push(t(L, 'deadline.notice.snoozed', { user: n.by?.name ?? '?', n: n.n ?? '?', title }), { time: new Date(n.until ?? n.at), style: 'full' });
      break;
  }
  if (n.skipped.length) parts.push(t(L, 'deadline.notice.drillSkipped', { names: n.skipped.map((p) => p.name).join(', ') }));
  if (n.late) parts.push(t(L, 'deadline.notice.late', { age: age(L, n.late) }));
  return card(undefined, [text(...parts)], n.about === 'acked' ? 'success' : 'warning');
}

/** A status update as posted in the war room, from its timeline event. */
export function updateCard(core: Core, i: Incident, e: ChainedEvent): Card {
  const L = localeOf(i);
  const d = e.data as { n?: number; text?: string; by?: PersonRef };
  const next = new Date(e.at.getTime() + policyOf(core.playbook, i.level).cadence);
  return card(t(L, 'update.title', { n: d.n ?? '?', key: i.key, title: i.title }), [
    text(d.text ?? ''),
    text(t(L, 'update.by'), ' ', d.by ? mention(d.by) : e.actor, ' — ', { time: e.at, style: 'full' }, ` · ${t(L, 'update.next')} `, { time: next, style: 'full' }),
  ]);
}

/** A DM the platform refused, posted in the war room addressed to its person. */
export function refusedDmCard(i: Incident, to: PersonRef, reason: string, original: Card): Card {
  const L = localeOf(i);
  return {
    ...original,
    blocks: [text(mention(to), ' ', t(L, 'deadline.refused.room', { reason })), ...original.blocks],
  };
}

/** Tells the lead that someone on the ladder could not be reached directly. */
export function leadToldCard(i: Incident, to: PersonRef, reason: string): Card {
  return card(undefined, [text(t(localeOf(i), 'deadline.refused.lead', { user: to.name, key: i.key, reason }))], 'warning');
}

/** The level's deadlines policy and the incident's standing against it, for the summary card. */
export function summaryDeadlines(core: Core, i: Incident, L: Locale): Block[] {
  const pb = core.playbook;
  const fields: { label: string; value: Inline[] }[] = [
    { label: t(L, 'summary.escalation'), value: [ladderText(pb, L, policyOf(pb, i.level).ladder)] },
    {
      label: t(L, 'summary.acked'),
      value: i.ackedAt ? [t(L, 'summary.ackedBy', { user: i.ackedBy?.name ?? '?' }), ' ', { time: i.ackedAt, style: 'full' }] : [t(L, 'summary.notAcked')],
    },
  ];
  if (i.lastUpdateAt) fields.push({ label: t(L, 'summary.lastUpdate'), value: [{ time: i.lastUpdateAt, style: 'full' }, ` (${t(L, 'summary.updates', { n: i.updateCount ?? 0 })})`] });
  const buttons: Button[] = [];
  if (!i.ackedAt) buttons.push({ id: 'incident.ack', label: t(L, 'button.ack'), value: i.key, style: 'primary' });
  buttons.push({ id: 'incident.update', label: t(L, 'button.update'), value: i.key });
  if (i.status !== 'closed') buttons.push({ id: 'incident.edit', label: t(L, 'button.edit'), value: i.key });
  if (i.status !== 'closed') buttons.push({ id: 'summary.statement', label: t(L, 'statement.button.draft'), value: i.key });
  return [{ kind: 'fields', fields }, { kind: 'actions', buttons }];
}

export function describeDeadlineEvent(_core: Core, e: ChainedEvent, L: Locale): string {
  const d = e.data as Record<string, unknown>;
  const names = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  switch (e.type) {
    case 'deadline.alert': {
      const who = names(d.notified).join(', ') || t(L, 'deadline.notice.nobody');
      const rung = Number(d.rung ?? 0) + 1;
      let line =
        d.kind === 'step'
          ? t(L, 'event.deadline.step', { n: String(d.n), rung, who })
          : d.kind === 'ack'
            ? t(L, 'event.deadline.ack', { rung, who })
            : d.kind === 'statement'
              ? t(L, 'event.deadline.statement', { rung, who })
              : d.kind === 'rto'
                ? describeRtoAlert(d, L, who, rung)
              : d.kind === 'action'
                ? t(L, 'actions.event.alert', { id: String(d.action ?? ''), rung, who })
              : d.kind === 'site'
                ? describeSiteAlert(L, who, rung)
              : d.kind === 'report'
                ? describeReportAlert(L, who, rung)
                : t(L, 'event.deadline.update', { who });
      if (names(d.skipped).length) line += t(L, 'event.deadline.skipped', { names: names(d.skipped).join(', ') });
      if (d.late) line += t(L, 'event.deadline.late', { age: formatAge(L, Number(d.lateMs ?? 0)) });
      return line;
    }
    case 'incident.acknowledged':
      return t(L, 'event.incident.acknowledged', { actor: e.actor });
    case 'status.update':
      return t(L, 'event.status.update', { n: String(d.n), actor: e.actor, text: String(d.text ?? '') });
    case 'step.snoozed':
      return t(L, 'event.step.snoozed', { n: String(d.n), actor: e.actor, minutes: String(d.minutes ?? 15) });
    case 'step.help':
      return t(L, 'event.step.help', { n: String(d.n), actor: e.actor });
    default:
      return t(L, 'event.dm.refused', { user: String(d.user), error: String(d.error) });
  }
}
