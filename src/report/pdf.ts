import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { t } from '../i18n/index.ts';
import type { Chart } from './chart.ts';
import type { DocBlock, ReportDoc } from './document.ts';

/**
 * The PDF report, drawn with pdfkit. An English report whose text is all Latin-1 (arrows and
 * dashes drawn as ASCII look-alikes) uses pdfkit's built-in Helvetica, no font to load. A Chinese
 * report, or an English one quoting Chinese (a title, a fact), uses the Noto Sans SC cut shipped
 * in fonts/ (scripts/make-cjk-font.py: GB 2312's 6,763 hanzi, the catalogue's characters, Latin
 * and punctuation; one weight, so headings are set by size). A character the font lacks is drawn
 * as "?" and the PDF says which — the Markdown and HTML reports carry every character.
 */
const LOOKALIKE: Record<string, string> = { '—': '-', '–': '-', '→': '->', '≈': '~', '≥': '>=', '≤': '<=', '✓': 'v', '…': '...', '‘': "'", '’': "'", '“': '"', '”': '"' };
export const latin1 = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => LOOKALIKE[c] ?? '?');

type Face = { regular: string; bold: string; italic: string; clean(s: string): string; missing(s: string): string[] };

const HELVETICA: Face = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', clean: latin1, missing: (s) => [...s].filter((c) => latin1(c) === '?' && c !== '?') };

const CJK_FILE = new URL('./fonts/noto-sans-sc-report.ttf.gz', import.meta.url);
let cjk: { bytes: Buffer; has(c: string): boolean } | undefined;
/** The Chinese font, read on the first Chinese PDF (2.2 MB kept after). */
function cjkFont() {
  if (!cjk) {
    const bytes = gunzipSync(readFileSync(CJK_FILE));
    const font = fontkit.create(bytes);
    cjk = { bytes, has: (c) => font.hasGlyphForCodePoint(c.codePointAt(0)!) };
  }
  return cjk;
}

function cjkFace(doc: PDFKit.PDFDocument): Face {
  const f = cjkFont();
  doc.registerFont('cjk', f.bytes);
  const missing = (s: string) => [...s].filter((c) => c >= ' ' && !f.has(c));
  const clean = (s: string) => [...s].map((c) => (c < ' ' || f.has(c) ? c : (LOOKALIKE[c] ?? '?'))).join('');
  return { regular: 'cjk', bold: 'cjk', italic: 'cjk', clean, missing };
}

/** Every string the PDF draws, to count what its font lacks before drawing the first line. */
function textsOf(report: ReportDoc, chart: Chart): string[] {
  const blocks = report.sections.flatMap((s) => [s.title, ...s.blocks.flatMap((b) => (b.kind === 'fields' ? b.rows.flat() : b.kind === 'list' ? b.items : b.kind === 'table' ? [...b.head, ...b.rows.flat()] : b.kind === 'missing' ? [b.text] : []))]);
  return [report.title, ...report.notes, report.footer, ...blocks, ...chart.shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []))];
}

const MARGIN = 40;

function drawChart(doc: PDFKit.PDFDocument, face: Face, chart: Chart, top: number, width: number): number {
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
      const text = face.clean(s.text);
      doc.font(face.regular).fontSize(s.size).fillColor(s.fill ?? '#000');
      const w = doc.widthOfString(text);
      const x = s.anchor === 'middle' ? s.x - w / 2 : s.anchor === 'end' ? s.x - w : s.x;
      doc.text(text, x, s.y - s.size, { lineBreak: false });
    }
  }
  doc.restore();
  return top + chart.height * k;
}

function block(doc: PDFKit.PDFDocument, face: Face, b: DocBlock, chart: Chart, width: number): void {
  const latin1 = face.clean;
  doc.font(face.regular).fontSize(9).fillColor('#212121');
  switch (b.kind) {
    case 'fields':
      for (const [k, v] of b.rows) doc.font(face.bold).text(`${latin1(k)}: `, { continued: true, width }).font(face.regular).text(latin1(v), { width });
      break;
    case 'list':
      for (const i of b.items) doc.text(`- ${latin1(i)}`, { width, indent: 0 });
      break;
    case 'table':
      doc.font(face.bold).text(latin1(b.head.join(' | ')), { width }).font(face.regular);
      for (const r of b.rows) doc.text(latin1(r.join(' | ')), { width });
      break;
    case 'missing':
      doc.font(face.italic).text(latin1(b.text), { width });
      break;
    case 'chart': {
      const height = (chart.height * width) / chart.width;
      if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
      doc.y = drawChart(doc, face, chart, doc.y, width) + 6;
      doc.x = MARGIN;
      break;
    }
  }
  doc.moveDown(0.5);
}

/** The report as PDF bytes, in its own language: Helvetica for English, the shipped Noto Sans SC cut for Chinese. */
export function renderPdf(report: ReportDoc, chart: Chart): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: report.title, Producer: 'crisis-bot' } });
  const texts = textsOf(report, chart);
  // Helvetica while it draws every character (an English report on an English incident); else the Chinese font, which has Latin too.
  const face = report.locale === 'en' && !texts.some((s) => HELVETICA.missing(s).length) ? HELVETICA : cjkFace(doc);
  const latin1 = face.clean;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const lacking = new Set(texts.flatMap(face.missing));
  const notes = lacking.size ? [t(report.locale, 'report.pdf.missingGlyphs', { n: lacking.size, chars: [...lacking].slice(0, 10).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(' ') })] : [];
  doc.font(face.bold).fontSize(16).text(latin1(report.title), { width });
  doc.font(face.regular).fontSize(9).fillColor('#616161');
  for (const n of [...notes, ...report.notes]) doc.text(latin1(n), { width });
  doc.moveDown();
  for (const s of report.sections) {
    doc.font(face.bold).fontSize(12).fillColor('#000').text(latin1(s.title), { width });
    doc.moveDown(0.3);
    for (const b of s.blocks) block(doc, face, b, chart, width);
  }
  doc.moveDown().font(face.regular).fontSize(8).fillColor('#616161').text(latin1(report.footer), { width });
  doc.end();
  return done;
}
