import { createHash } from 'node:crypto';
import type { SignalRule } from '../playbook/signals.ts';
import type { TrendPoint, Warning } from '../store/signals.ts';

/**
 * The rules' decisions, without I/O: given a warning's state and the new points of its metric and
 * dedup key, what it becomes and what must happen (post a card, redraw it, close it, raise).
 */

/** How many points of the window a card's trend keeps (a flood must not grow the document). */
export const MAX_POINTS = 60;

export type Action = 'post' | 'refresh' | 'close' | 'raise';

/** A warning per rule and dedup key: the id is short and fixed, so a button can carry it. */
export const warningId = (rule: string, dedupKey: string) => `W-${createHash('sha256').update(`${rule}\0${dedupKey}`).digest('hex').slice(0, 16)}`;
export const WARNING_ID = /^W-[0-9a-f]{16}$/;

/** Whether `value` is on the bad side of `limit` (at it counts: a threshold is reached). */
export const isBad = (rule: Pick<SignalRule, 'direction'>, value: number, limit: number) => (rule.direction === 'below' ? value <= limit : value >= limit);

export function freshWarning(rule: string, dedupKey: string): Warning {
  return { _id: warningId(rule, dedupKey), rule, dedupKey, generation: 0, open: false, points: [], cards: {}, refreshes: 0, rev: 0 };
}

export type Step = { warning: Warning; actions: Action[] };

/**
 * One evaluation. A warning opens (a new generation, a card posted) when a new point reaches the
 * threshold; while open every batch of points redraws its card; it closes when the latest point is
 * back on the good side and none was bad for a whole window. A rule whose action is raise also
 * raises once per generation when a point reaches its raise threshold.
 */
export function step(w: Warning, rule: SignalRule, fresh: TrendPoint[], now: Date): Step {
  const actions: Action[] = [];
  const horizon = now.getTime() - rule.window;
  const points = [...w.points, ...fresh]
    .filter((p) => p.at.getTime() >= horizon)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(-MAX_POINTS);
  const bad = fresh.filter((p) => isBad(rule, p.value, rule.threshold));
  const lastBad = [w.lastBadAt, ...bad.map((p) => p.at)].filter((d): d is Date => d instanceof Date).reduce<Date | undefined>((a, b) => (!a || b > a ? b : a), undefined);
  let next: Warning = { ...w, points, lastBadAt: lastBad };
  if (!w.open && bad.length) {
    next = { ...next, open: true, generation: w.generation + 1, openedAt: now, closedAt: undefined, cards: {}, refreshes: 0 };
    actions.push('post');
  } else if (w.open) {
    const latest = points.at(-1);
    if (latest && !isBad(rule, latest.value, rule.threshold) && (!lastBad || now.getTime() - lastBad.getTime() >= rule.window)) {
      next = { ...next, open: false, closedAt: now };
      actions.push('close');
    } else if (fresh.length) {
      next = { ...next, refreshes: w.refreshes + 1 };
      actions.push('refresh');
    }
  }
  const raised = next.raised?.some((r) => r.generation === next.generation);
  if (next.open && rule.action === 'raise' && rule.raise_threshold !== undefined && !raised && fresh.some((p) => isBad(rule, p.value, rule.raise_threshold!))) {
    actions.push('raise');
  }
  return { warning: next, actions };
}

/** "▁▃▅█" — the trend of the window at a glance, lowest to highest. */
export function sparkline(values: number[]): string {
  if (values.length === 0) return '';
  const bars = '▁▂▃▄▅▆▇█';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => bars[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (bars.length - 1))]).join('');
}
