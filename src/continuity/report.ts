import type { Core } from '../core.ts';
import { isAffected, rtoDeadline } from '../domain/continuity.ts';
import { formatAge, t } from '../i18n/index.ts';
import { formatDuration } from '../playbook/duration.ts';
import type { Locale } from '../playbook/text.ts';
import type { DocBlock } from '../report/document.ts';
import type { Incident } from '../store/records.ts';
import { affectedInOrder, functionName, verdict } from './messaging.ts';
import { functionById } from './service.ts';

/**
 * The report's business-continuity part of "Control and recovery" (src/report/document.ts asks
 * for it): every function the incident marked — still out ones first, in restore order — with
 * when it went out, when it came back, how long it was out, its RTO and whether it was met. None
 * when no function was marked, so the section says only what the record holds.
 */
export function continuityReportBlocks(core: Core, m: { incident: Incident; generatedAt: Date }, locale: Locale, at: (d: Date) => string): DocBlock[] {
  const i = m.incident;
  const marked = [...affectedInOrder(core, i), ...(i.continuity ?? []).filter((s) => !isAffected(s))];
  if (!marked.length) return [];
  const rows = marked.map((s) => {
    const rto = functionById(core, s.id)?.rto;
    const end = s.restoredAt ?? m.generatedAt;
    let outcome: string;
    if (!isAffected(s)) outcome = verdict(core, s, locale).replace(/^[,，]\s*/, '');
    else if (rto === undefined) outcome = t(locale, `continuity.state.${s.state}`);
    else {
      const due = rtoDeadline(s, rto);
      outcome = due <= m.generatedAt ? t(locale, 'continuity.report.passed', { age: formatAge(locale, m.generatedAt.getTime() - due.getTime()) }) : t(locale, 'continuity.report.due', { at: at(due) });
    }
    return [
      functionName(core, s.id, locale),
      t(locale, `continuity.state.${s.state}`),
      at(s.since),
      s.restoredAt ? at(s.restoredAt) : '—',
      formatAge(locale, end.getTime() - s.since.getTime()),
      rto === undefined ? '—' : formatDuration(rto),
      outcome,
    ];
  });
  return [{ kind: 'list', items: [t(locale, 'continuity.report.heading')] }, { kind: 'table', head: t(locale, 'continuity.report.head').split('|'), rows }];
}
