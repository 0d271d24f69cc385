import type { Core } from '../core.ts';
import { NOTIFY_OWNERS } from '../domain/escalation.ts';
import { formatAge, t } from '../i18n/index.ts';
import type { DeadlineNotice } from '../outbox/enqueue.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { card, text, type Block, type Card, type Inline } from '../ui/card.ts';
import { reportDueMs } from './due.ts';

/** Cards of the report's due-time ladder (src/report/due.ts): the DM, the war-room line, the timeline line. */

const localeOf = (i: Incident) => i.locale as Locale;

/** The DM to the report's owner (rung 0) or the next rung: when it was due, by how much it is late, how to finish it. */
export function reportDueDm(core: Core, i: Incident, n: DeadlineNotice & { to: PersonRef }): Card {
  const L = localeOf(i);
  const overdue = n.dueAt !== undefined && n.at - n.dueAt >= 60_000 ? t(L, 'deadline.overdueBy', { age: formatAge(L, n.at - n.dueAt) }) : t(L, 'deadline.overdueNow');
  const blocks: Block[] = [
    text(t(L, 'deadline.incident', { key: i.key, title: i.title, level: i.level })),
    text(t(L, 'reportDue.what', { key: i.key, after: formatAge(L, reportDueMs(core.playbook)) })),
    text(`${t(L, 'deadline.due')} `, { time: new Date(n.dueAt ?? n.at), style: 'full' }, ` — ${overdue}`),
  ];
  if (n.rung && n.notify !== NOTIFY_OWNERS) blocks.push(text(t(L, 'reportDue.asRung')));
  blocks.push(text(t(L, 'reportDue.hint', { key: i.key, lead: i.lead?.name ?? '—' })));
  if (n.late) blocks.push(text(t(L, 'deadline.sentLate', { age: formatAge(L, n.late) })));
  return card(t(L, 'reportDue.title', { key: i.key }), blocks, 'danger');
}

/** The war-room line of a rung: "The summary report of INC-… is 2 h overdue — reminded @alice". */
export function reportDueNotice(i: Incident, n: DeadlineNotice, who: Inline[]): Inline[] {
  const L = localeOf(i);
  const age = n.dueAt !== undefined ? formatAge(L, Math.max(0, n.at - n.dueAt)) : '';
  return [t(L, n.rung ? 'reportDue.notice' : 'reportDue.notice0', { key: i.key, age }), ...who];
}

export const describeReportAlert = (L: Locale, who: string, rung: number) => t(L, 'reportDue.event', { rung, who });
