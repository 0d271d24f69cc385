import { t } from '../i18n/index.ts';
import type { DocSection, RenderContext, ReportDoc } from '../report/document.ts';
import { text, type Block } from '../ui/card.ts';
import type { ReportModel } from '../report/model.ts';
import { scorecardWords } from './messaging.ts';

/**
 * The report's "Drill scorecard" section (after the metrics), for a drill only: the card's figures,
 * its gaps and its comparison, in the same words (messaging.ts). Markdown and HTML lay it out like
 * any section; the chat's /crisis report card shows its figures too (src/report/card.ts).
 */
export function scorecardSection(m: ReportModel, ctx: RenderContext): DocSection[] {
  if (!m.scorecard) return [];
  const w = scorecardWords(m.scorecard, ctx);
  return [
    {
      id: 'scorecard',
      title: t(ctx.locale, 'drills.report.section'),
      blocks: [
        { kind: 'fields', rows: w.fields },
        ...(w.gaps.length ? [{ kind: 'list' as const, items: [t(ctx.locale, 'drills.gapsTitle'), ...w.gaps] }] : []),
        { kind: 'list', items: [t(ctx.locale, 'drills.compareTitle'), ...w.comparisons] },
      ],
    },
  ];
}

/** The scorecard section of a report document as card blocks (the chat's /crisis report card). */
export function scorecardBlocks(doc: ReportDoc): Block[] {
  const section = doc.sections.find((s) => s.id === 'scorecard');
  if (!section) return [];
  return [
    { kind: 'heading', text: section.title },
    ...section.blocks.flatMap((b): Block[] =>
      b.kind === 'fields' ? [{ kind: 'fields', fields: b.rows.map(([label, value]) => ({ label, value: [value] })) }] : b.kind === 'list' ? b.items.map((i) => text(i)) : [],
    ),
  ];
}
