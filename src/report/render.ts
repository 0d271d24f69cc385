import { t } from '../i18n/index.ts';
import { timelineChart } from './chart.ts';
import { reportDocument, type RenderContext } from './document.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { ReportModel } from './model.ts';
import { chartSvg } from './svg.ts';

export const FORMATS = ['md', 'html', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export function chartOf(m: ReportModel, ctx: Pick<RenderContext, 'locale' | 'zone'>): string {
  return chartSvg(timelineChart(m, ctx.locale, ctx.zone), t(ctx.locale, 'report.chart.alt', { key: m.incident.key }));
}

/** The report in one format: text for md and html, bytes for pdf. */
export async function renderReport(m: ReportModel, ctx: RenderContext, format: Format): Promise<string | Buffer> {
  if (format === 'md') return renderMarkdown(reportDocument(m, ctx));
  if (format === 'html') return renderHtml(reportDocument(m, ctx), chartOf(m, ctx));
  // pdfkit (with fontkit) is ~25 MB resident: loaded by the first PDF, not by every bot that can post a report.
  const { renderPdf } = await import('./pdf.ts');
  return renderPdf(reportDocument(m, ctx), timelineChart(m, ctx.locale, ctx.zone));
}
