import PDFDocument from 'pdfkit';
import type { Chart } from './chart.ts';
import type { DocBlock, ReportDoc } from './document.ts';

/**
 * The PDF report, drawn with pdfkit and its built-in Helvetica: no font file to ship or find. That
 * font covers Latin-1 only, so characters outside it are replaced (arrows and dashes by ASCII
 * look-alikes, anything else by "?"), and the caller renders a zh-CN report in English with a
 * note saying so (report.pdf.fallback) — the Markdown and HTML reports carry the Chinese text.
 */
const LOOKALIKE: Record<string, string> = { '—': '-', '–': '-', '→': '->', '≈': '~', '≥': '>=', '≤': '<=', '✓': 'v', '…': '...', '‘': "'", '’': "'", '“': '"', '”': '"' };
export const latin1 = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => LOOKALIKE[c] ?? '?');

const MARGIN = 40;

function drawChart(doc: PDFKit.PDFDocument, chart: Chart, top: number, width: number): number {
  const k = width / chart.width;
  doc.save();
  doc.translate(MARGIN, top).scale(k);
  for (const s of chart.shapes) {
    if (s.kind === 'rect') doc.rect(s.x, s.y, s.w, s.h).fill(s.fill);
    else if (s.kind === 'line') {
      doc.moveTo(s.x1, s.y1).lineTo(s.x2, s.y2).lineWidth(s.width ?? 1);
      if (s.dash) doc.dash(4, { space: 3 });
      doc.stroke(s.stroke);
      doc.undash();
    } else if (s.kind === 'circle') doc.circle(s.cx, s.cy, s.r).fill(s.fill);
    else {
      const text = latin1(s.text);
      doc.font('Helvetica').fontSize(s.size).fillColor(s.fill ?? '#000');
      const w = doc.widthOfString(text);
      const x = s.anchor === 'middle' ? s.x - w / 2 : s.anchor === 'end' ? s.x - w : s.x;
      doc.text(text, x, s.y - s.size, { lineBreak: false });
    }
  }
  doc.restore();
  return top + chart.height * k;
}

function block(doc: PDFKit.PDFDocument, b: DocBlock, chart: Chart, width: number): void {
  doc.font('Helvetica').fontSize(9).fillColor('#212121');
  switch (b.kind) {
    case 'fields':
      for (const [k, v] of b.rows) doc.font('Helvetica-Bold').text(`${latin1(k)}: `, { continued: true, width }).font('Helvetica').text(latin1(v), { width });
      break;
    case 'list':
      for (const i of b.items) doc.text(`- ${latin1(i)}`, { width, indent: 0 });
      break;
    case 'table':
      doc.font('Helvetica-Bold').text(latin1(b.head.join(' | ')), { width }).font('Helvetica');
      for (const r of b.rows) doc.text(latin1(r.join(' | ')), { width });
      break;
    case 'missing':
      doc.font('Helvetica-Oblique').text(latin1(b.text), { width });
      break;
    case 'chart': {
      const height = (chart.height * width) / chart.width;
      if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
      doc.y = drawChart(doc, chart, doc.y, width) + 6;
      doc.x = MARGIN;
      break;
    }
  }
  doc.moveDown(0.5);
}

export function renderPdf(report: ReportDoc, chart: Chart, notes: string[] = []): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: latin1(report.title), Producer: 'crisis-bot' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(16).text(latin1(report.title), { width });
  doc.font('Helvetica').fontSize(9).fillColor('#616161');
  for (const n of [...notes, ...report.notes]) doc.text(latin1(n), { width });
  doc.moveDown();
  for (const s of report.sections) {
    doc.font('Helvetica-Bold').fontSize(12).fillColor('#000').text(latin1(s.title), { width });
    doc.moveDown(0.3);
    for (const b of s.blocks) block(doc, b, chart, width);
  }
  doc.moveDown().font('Helvetica').fontSize(8).fillColor('#616161').text(latin1(report.footer), { width });
  doc.end();
  return done;
}
