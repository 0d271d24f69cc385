import type { ChainedEvent } from '../domain/timeline.ts';
import type { Statement as StoredStatement } from '../domain/statements.ts';
import type { LocalizedText, Phase } from '../playbook/schema.ts';
import { incidentMetrics } from '../report/metrics.ts';
import type { Statement as PublishedStatement } from '../report/statements.ts';
import type { Incident, Step } from '../store/records.ts';

/**
 * A drill's scorecard, from its record alone (pure, like src/report/metrics.ts, whose figures it
 * reuses): how fast the lead acknowledged, how many due steps were done on time, whether the
 * statements drafted were approved before the first-statement deadline, and which steps were
 * never done. The store side (read.ts) feeds it; the card and the report word it (messaging.ts).
 */
export type Gap = { n: number; phase: Phase; title: LocalizedText; ownerRole: string };

export type DrillScore = {
  key: string;
  plan: string;
  raisedAt: Date;
  ackMs?: number;
  /** Whole percent of due steps done on time; undefined when none was due. */
  onTimePct?: number;
  onTime: number;
  due: number;
  /** Statements drafted, and of those how many were approved by the first-statement deadline. */
  statements: { drafted: number; inTime: number; deadline: Date };
  /** Steps never done, in checklist order (grouped by phase where shown). */
  gaps: Gap[];
};

/**
 * When a statement became approved: the approval that met its policy is the last one given to the
 * approved version (approvals of older versions were cleared by the edit that replaced them).
 */
export function approvedAt(s: Pick<StoredStatement, 'status' | 'approvals' | 'published'>): Date | undefined {
  if (s.status !== 'approved' && s.status !== 'published' && s.status !== 'superseded') return undefined;
  const last = s.approvals.map((a) => new Date(a.at).getTime()).sort((a, b) => b - a)[0];
  if (last !== undefined) return new Date(last);
  return s.published ? new Date(s.published.at) : undefined;
}

/**
 * `firstStatementMs`: the level's `first_statement` deadline counted from the raise (levels.yml),
 * the same deadline the statement alert ladder watches.
 */
export function drillScore(
  incident: Incident,
  steps: readonly Step[],
  events: readonly ChainedEvent[],
  published: readonly PublishedStatement[],
  firstStatementMs: number,
  now: Date,
): DrillScore {
  // A closed drill is judged as it stood when it closed: a step still open then is a gap, not one
  // that turned overdue while the next drills were run.
  const closedAt = events.find((e) => e.type === 'status.changed' && e.data.to === 'closed')?.at;
  const at = closedAt && closedAt.getTime() < now.getTime() ? closedAt : now;
  const m = incidentMetrics(incident, steps, events, published, at);
  const deadline = new Date(incident.raisedAt.getTime() + firstStatementMs);
  const drafted = incident.statements ?? [];
  const inTime = drafted.filter((s) => {
    const at = approvedAt(s);
    return at !== undefined && at.getTime() <= deadline.getTime();
  }).length;
  const gaps = [...steps]
    .filter((s) => s.status !== 'done')
    .sort((a, b) => a.n - b.n)
    .map((s) => ({ n: s.n, phase: s.phase, title: s.title, ownerRole: s.ownerRole }));
  return {
    key: incident.key,
    plan: incident.type,
    raisedAt: incident.raisedAt,
    ackMs: m.ackMs,
    onTimePct: m.onTimePct,
    onTime: m.steps.onTime,
    due: m.steps.onTime + m.steps.late + m.steps.overdue,
    statements: { drafted: drafted.length, inTime, deadline },
    gaps,
  };
}

/** The steps never done, by phase in the order their first step appears. */
export function gapsByPhase(gaps: readonly Gap[]): { phase: Phase; steps: Gap[] }[] {
  const out: { phase: Phase; steps: Gap[] }[] = [];
  for (const g of gaps) {
    const group = out.find((x) => x.phase === g.phase);
    if (group) group.steps.push(g);
    else out.push({ phase: g.phase, steps: [g] });
  }
  return out;
}

export type Trend = 'better' | 'worse' | 'same' | 'unknown';
/** One figure against an earlier drill's: `delta` is this one's minus that one's (ms, points or count). */
export type FigureChange = { now?: number; then?: number; delta?: number; trend: Trend };
export type DrillComparison = { previous: Pick<DrillScore, 'key' | 'raisedAt'>; ack: FigureChange; onTime: FigureChange; statements: FigureChange; gaps: FigureChange };

/** Smaller is better for an acknowledgement time and for gaps; larger for steps on time and statements in time. */
function change(now: number | undefined, then: number | undefined, lowerIsBetter: boolean): FigureChange {
  if (now === undefined || then === undefined) return { now, then, trend: 'unknown' };
  const delta = now - then;
  const trend: Trend = delta === 0 ? 'same' : delta < 0 === lowerIsBetter ? 'better' : 'worse';
  return { now, then, delta, trend };
}

/** How many earlier drills of the same plan a scorecard compares with. */
export const COMPARE_WITH = 3;

/**
 * This drill against each earlier one given (newest first, at most COMPARE_WITH). Statements
 * compare the number approved in time, and only when both drills drafted some: "none drafted" is
 * not a score of zero.
 */
export function compareDrills(current: DrillScore, earlier: readonly DrillScore[]): DrillComparison[] {
  const stmts = (s: DrillScore) => (s.statements.drafted ? s.statements.inTime : undefined);
  return [...earlier]
    .sort((a, b) => b.raisedAt.getTime() - a.raisedAt.getTime())
    .slice(0, COMPARE_WITH)
    .map((p) => ({
      previous: { key: p.key, raisedAt: p.raisedAt },
      ack: change(current.ackMs, p.ackMs, true),
      onTime: change(current.onTimePct, p.onTimePct, false),
      statements: change(stmts(current), stmts(p), false),
      gaps: change(current.gaps.length, p.gaps.length, true),
    }));
}
