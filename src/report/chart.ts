import { t, type MessageKey } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import { formatInZone } from '../ui/times.ts';
import { stepTiming } from './metrics.ts';
import type { ReportModel } from './model.ts';

/**
 * The timeline chart as plain shapes on a fixed canvas: phases as bands, steps as marks coloured
 * on time / late / open, level changes and statements as events on the time axis. SVG (svg.ts)
 * and PDF (pdf.ts) draw the same shapes, so the two charts cannot disagree.
 */
export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width?: number; dash?: boolean }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string; title?: string }
  | { kind: 'text'; x: number; y: number; text: string; size: number; fill?: string; anchor?: 'start' | 'middle' | 'end' };
export type Chart = { width: number; height: number; shapes: Shape[] };

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 360;

export const COLOURS = { onTime: '#2e7d32', late: '#c62828', open: '#9e9e9e', level: '#6a1b9a', statement: '#1565c0', axis: '#424242' } as const;
const PHASE_FILL: Record<string, string> = { identify: '#e3f2fd', assess: '#e8f5e9', respond: '#fff3e0', control: '#fce4ec', resolve: '#ede7f6', review: '#eceff1', closed: '#f5f5f5' };

const LEFT = 20;
const RIGHT = CHART_WIDTH - 20;
const BAND = { top: 30, height: 36 };
const STEPS = { top: 90, bottom: 300 };
const AXIS_Y = 316;

export function timelineChart(m: ReportModel, locale: Locale, zone: string): Chart {
  // The axis spans what happened (and deadlines already passed), not deadlines weeks ahead: those
  // steps sit at the right edge rather than squeezing the incident into its first pixels.
  const now = m.generatedAt.getTime();
  const happened = [m.incident.raisedAt, ...m.events.map((e) => e.at), ...m.steps.flatMap((s) => (s.doneAt ? [s.doneAt] : [])), ...m.statements.map((s) => s.publishedAt)].map((d) => d.getTime());
  const passed = m.steps.map((s) => s.dueAt.getTime()).filter((d) => d <= now);
  const start = Math.min(...happened, ...passed);
  const end = Math.max(...happened, ...passed, start + 60_000);
  const x = (d: Date | number) => LEFT + ((RIGHT - LEFT) * (Math.min(end, Math.max(start, typeof d === 'number' ? d : d.getTime())) - start)) / (end - start);
  const shapes: Shape[] = [];

  m.phases.forEach((p, i) => {
    const from = x(p.at);
    const to = i + 1 < m.phases.length ? x(m.phases[i + 1]!.at) : RIGHT;
    shapes.push({ kind: 'rect', x: from, y: BAND.top, w: Math.max(1, to - from), h: BAND.height, fill: PHASE_FILL[p.phase] ?? '#f5f5f5' });
    if (to - from > 40) shapes.push({ kind: 'text', x: from + 4, y: BAND.top + 22, text: t(locale, `phase.${p.phase}` as MessageKey), size: 11, fill: COLOURS.axis });
  });

  const rows = Math.max(1, Math.min(m.steps.length, 20));
  const rowHeight = (STEPS.bottom - STEPS.top) / rows;
  m.steps.forEach((s, i) => {
    const y = STEPS.top + rowHeight * (i % rows) + rowHeight / 2;
    const timing = stepTiming(s, m.generatedAt);
    const due = x(s.dueAt);
    if (timing.kind === 'late') shapes.push({ kind: 'line', x1: due, y1: y, x2: x(s.doneAt!), y2: y, stroke: COLOURS.late, width: 2 });
    if (timing.kind === 'overdue') shapes.push({ kind: 'line', x1: due, y1: y, x2: x(Math.min(m.generatedAt.getTime(), end)), y2: y, stroke: COLOURS.late, width: 1, dash: true });
    const at = timing.kind === 'on-time' || timing.kind === 'late' ? x(s.doneAt!) : due;
    const fill = timing.kind === 'on-time' ? COLOURS.onTime : timing.kind === 'late' ? COLOURS.late : COLOURS.open;
    shapes.push({ kind: 'circle', cx: at, cy: y, r: 4, fill, title: `${s.n}` });
  });

  for (const c of m.levelChanges) {
    const lx = x(c.at);
    shapes.push({ kind: 'line', x1: lx, y1: BAND.top, x2: lx, y2: STEPS.bottom, stroke: COLOURS.level, dash: true });
    shapes.push({ kind: 'text', x: lx + 3, y: STEPS.top - 8, text: c.from === undefined ? `L${c.to}` : `L${c.from}→L${c.to}`, size: 10, fill: COLOURS.level });
  }
  for (const s of m.statements) shapes.push({ kind: 'circle', cx: x(s.publishedAt), cy: STEPS.top - 14, r: 5, fill: COLOURS.statement });

  shapes.push({ kind: 'line', x1: LEFT, y1: AXIS_Y, x2: RIGHT, y2: AXIS_Y, stroke: COLOURS.axis });
  for (let k = 0; k <= 4; k++) {
    const tx = LEFT + ((RIGHT - LEFT) * k) / 4;
    shapes.push({ kind: 'line', x1: tx, y1: AXIS_Y, x2: tx, y2: AXIS_Y + 5, stroke: COLOURS.axis });
    shapes.push({ kind: 'text', x: tx, y: AXIS_Y + 18, text: formatInZone(new Date(start + ((end - start) * k) / 4), zone), size: 10, fill: COLOURS.axis, anchor: k === 0 ? 'start' : k === 4 ? 'end' : 'middle' });
  }
  shapes.push({ kind: 'text', x: LEFT, y: CHART_HEIGHT - 8, text: t(locale, 'report.chart.legend'), size: 10, fill: COLOURS.axis });
  shapes.push({ kind: 'text', x: LEFT, y: 18, text: `${m.incident.key} · ${zone}`, size: 12, fill: COLOURS.axis });
  return { width: CHART_WIDTH, height: CHART_HEIGHT, shapes };
}
