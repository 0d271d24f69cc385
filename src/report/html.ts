import type { DocBlock, ReportDoc } from './document.ts';
import { escapeXml as esc } from './svg.ts';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#212121}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
.missing{color:#8d6e63;font-style:italic}.note{color:#616161}footer{margin-top:2em;color:#616161;font-size:.9em;word-break:break-all}`;

function block(b: DocBlock, chart: string): string {
  switch (b.kind) {
    case 'fields':
      return `<table>${b.rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'table':
      return `<table><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>`;
    case 'missing':
      return `<p class="missing">${esc(b.text)}</p>`;
    case 'chart':
      return `<figure>${chart}</figure>`;
  }
}

/** A self-contained HTML page (no scripts, no outside assets), the chart's SVG inline. */
export function renderHtml(doc: ReportDoc, chartSvg: string): string {
  const body = doc.sections.map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.blocks.map((b) => block(b, chartSvg)).join('\n')}</section>`).join('\n');
  return `<!doctype html>
<html lang="${esc(doc.locale)}"><head><meta charset="utf-8"><title>${esc(doc.title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(doc.title)}</h1>${doc.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('')}
${body}
<footer>${esc(doc.footer)}</footer></body></html>
`;
}
