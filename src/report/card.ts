import { t } from '../i18n/index.ts';
import { card, text, type Card } from '../ui/card.ts';
import { reportDocument, type RenderContext } from './document.ts';
import type { ReportModel } from './model.ts';
import { scorecardBlocks } from '../drills/report-section.ts';

/**
 * The draft report in chat: the headline metrics and what the record still lacks, with where to
 * get the whole report. Its figures come from the same document the files are rendered from.
 */
export function reportSummaryCard(m: ReportModel, ctx: RenderContext): Card {
  const doc = reportDocument(m, ctx);
  const missing = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'missing' ? [b.text] : [])));
  return card(t(ctx.locale, 'report.card.title', { key: m.incident.key }), [
    { kind: 'fields', fields: doc.metrics.map(([label, value]) => ({ label, value: [value] })) },
    ...missing.map((line) => text(line)),
    ...scorecardBlocks(doc),
    text(t(ctx.locale, 'report.card.noUpload', { key: m.incident.key })),
  ]);
}
