import type { Chart, Shape } from './chart.ts';

/** XML text and attribute escaping: user text (a phase label, a key) never becomes markup. */
export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const n = (v: number) => String(Math.round(v * 10) / 10);

function shapeSvg(s: Shape): string {
  switch (s.kind) {
    case 'rect':
      return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" fill="${s.fill}"/>`;
    case 'line':
      return `<line x1="${n(s.x1)}" y1="${n(s.y1)}" x2="${n(s.x2)}" y2="${n(s.y2)}" stroke="${s.stroke}" stroke-width="${s.width ?? 1}"${s.dash ? ' stroke-dasharray="4 3"' : ''}/>`;
    case 'circle':
      return `<circle cx="${n(s.cx)}" cy="${n(s.cy)}" r="${s.r}" fill="${s.fill}">${s.title ? `<title>${escapeXml(s.title)}</title>` : ''}</circle>`;
    case 'text':
      return `<text x="${n(s.x)}" y="${n(s.y)}" font-size="${s.size}" fill="${s.fill ?? '#000'}" text-anchor="${s.anchor ?? 'start'}">${escapeXml(s.text)}</text>`;
  }
}

/** A standalone SVG document of the chart (also embedded as is in the HTML report). */
export function chartSvg(chart: Chart, label: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}" role="img" aria-label="${escapeXml(label)}" font-family="sans-serif">`,
    `<rect x="0" y="0" width="${chart.width}" height="${chart.height}" fill="#ffffff"/>`,
    ...chart.shapes.map(shapeSvg),
    '</svg>',
  ].join('\n');
}
