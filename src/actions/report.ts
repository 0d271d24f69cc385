import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import type { Core } from '../core.ts';
import type { DocBlock } from '../report/document.ts';
import { isOverdue, type RcaVersion, type TrackedAction } from './model.ts';
import { ownerText } from './messaging.ts';

/**
 * The report's "Root cause" and "Improvement actions" sections from the records (src/report/document.ts
 * asks for them); undefined where nothing is recorded, so the report says so as before.
 */
export function actionReportBlocks(
  core: Core,
  m: { rca?: RcaVersion; actions: readonly TrackedAction[]; generatedAt: Date },
  locale: Locale,
  at: (d: Date) => string,
): { rootCause?: DocBlock[]; actions?: DocBlock[] } {
  const out: { rootCause?: DocBlock[]; actions?: DocBlock[] } = {};
  const r = m.rca;
  if (r) {
    const rows: [string, string][] = [
      [t(locale, 'rca.field.problem'), r.problem],
      ...r.whys.map((w, k): [string, string] => [t(locale, 'rca.why', { n: k + 1 }), `${w.text}${w.category ? ` [${t(locale, `rca.category.${w.category}`)}]` : ''}`]),
    ];
    if (r.factors) rows.push([t(locale, 'rca.field.factors'), r.factors]);
    if (r.evidence.length) rows.push([t(locale, 'rca.field.evidence'), r.evidence.join(', ')]);
    if (r.actions.length) rows.push([t(locale, 'rca.field.corrective'), r.actions.join(', ')]);
    out.rootCause = [{ kind: 'fields', rows }, { kind: 'list', items: [t(locale, 'report.rca.version', { v: r.v, by: r.by.name, at: at(r.at) })] }];
  }
  if (m.actions.length) {
    const items = m.actions.map((a) =>
      t(locale, 'report.actions.line', {
        id: a.id, title: a.title, owner: ownerText(core, locale, a.owner), due: at(a.due), source: t(locale, `actions.source.${a.source}`),
        status: a.status === 'done' ? t(locale, 'report.actions.done', { by: a.doneBy?.name ?? '?', at: a.doneAt ? at(a.doneAt) : '' }) : t(locale, isOverdue(a, m.generatedAt) ? 'report.actions.overdue' : 'report.actions.open'),
      }),
    );
    out.actions = [{ kind: 'list', items }];
  }
  return out;
}
