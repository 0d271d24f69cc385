import { t } from '../i18n/index.ts';
import { card, text, type Card } from '../ui/card.ts';
import { reportDocument, type RenderContext } from './document.ts';
import type { ReportModel } from './model.ts';
import { scorecardBlocks } from '../drills/report-section.ts';

/**
 * How the card ends: in a private answer, where to get the whole report; in the war room, the
 * file posted below it (and, for the final report, its hash and who froze it).
 */
export type CardEnd = { posted?: { file: string; final?: { sha: string; at: string; by: string } } };

/**
 * The draft report in chat: the headline metrics and what the record still lacks, with where to
 * get the whole report (and, in a private answer, a *Post report* button: `report KEY post`). Its figures come from the same document the files are rendered from.
 */
export function reportSummaryCard(m: ReportModel, ctx: RenderContext, end: CardEnd = {}): Card {
  const doc = reportDocument(m, ctx);
  const missing = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'missing' ? [b.text] : [])));
  const key = m.incident.key;
  const final = end.posted?.final;
  const tail = end.posted
    ? [text(t(ctx.locale, 'upload.card.attached', { file: end.posted.file })), ...(final ? [text(t(ctx.locale, 'upload.card.frozen', { key, ...final }))] : [])]
    : [text(t(ctx.locale, 'report.card.noUpload', { key })), { kind: 'actions' as const, buttons: [{ id: 'report.post', label: t(ctx.locale, 'upload.button.post'), value: key, style: 'primary' as const }] }];
  return card(t(ctx.locale, final ? 'upload.card.final' : 'report.card.title', { key }), [
    { kind: 'fields', fields: doc.metrics.map(([label, value]) => ({ label, value: [value] })) },
    ...missing.map((line) => text(line)),
    ...scorecardBlocks(doc),
    ...tail,
  ]);
}
