import type { DocBlock, ReportDoc } from './document.ts';

// User text (titles, facts, reasons) must not turn into markup: escape what Markdown acts on.
const inline = (s: string) => s.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/^#/, '\\#');

function block(b: DocBlock): string[] {
  switch (b.kind) {
    case 'fields':
      return ['| | |', '|---|---|', ...b.rows.map(([k, v]) => `| ${inline(k)} | ${inline(v)} |`), ''];
    case 'list':
      return [...b.items.map((i) => `- ${inline(i)}`), ''];
    case 'table':
      return [`| ${b.head.map(inline).join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(inline).join(' | ')} |`), ''];
    case 'missing':
      return [`_${inline(b.text)}_`, ''];
    case 'chart':
      // The chart is drawn in the HTML and PDF reports; Markdown has no inline drawing.
      return [];
  }
}

export function renderMarkdown(doc: ReportDoc): string {
  const lines = [`# ${inline(doc.title)}`, '', ...doc.notes.map((n) => `> ${inline(n)}`), ''];
  for (const s of doc.sections) lines.push(`## ${inline(s.title)}`, '', ...s.blocks.flatMap(block));
  lines.push('---', '', inline(doc.footer), '');
  return lines.join('\n');
}
