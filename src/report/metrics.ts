import type { ChainedEvent } from '../domain/timeline.ts';
import type { Phase } from '../playbook/schema.ts';
import type { Incident, Step } from '../store/records.ts';
import type { Statement } from './statements.ts';

/**
 * The response metrics of one incident, from its record alone (pure: the same record always gives
 * the same figures). Durations are milliseconds from the raise; undefined = nothing recorded.
 *  - acknowledge: the lead's acknowledgement (`ackedAt`);
 *  - first statement: the first public statement published;
 *  - control: the first entry into the control phase;
 *  - resolve: the first entry into review (or closed): the resolve phase is over then;
 *  - steps on time: of the steps that are due (done, or open past their deadline), those done by
 *    their deadline; open steps not yet due count for nothing;
 *  - alerts: deadline alerts sent at a ladder's first rung; escalations: those sent further up it.
 */
export type IncidentMetrics = {
  ackMs?: number;
  firstStatementMs?: number;
  controlMs?: number;
  resolveMs?: number;
  steps: { onTime: number; late: number; overdue: number; pending: number };
  /** Whole percent of due steps done on time; undefined when none is due. */
  onTimePct?: number;
  alerts: number;
  escalations: number;
};

export type StepTiming = { kind: 'on-time' } | { kind: 'late'; byMs: number } | { kind: 'overdue'; byMs: number } | { kind: 'pending' };

/** One rule for "on time", shared by the report's table, the metrics and the chart's colours. */
export function stepTiming(s: Pick<Step, 'status' | 'dueAt' | 'doneAt'>, now: Date): StepTiming {
  const due = s.dueAt.getTime();
  if (s.status === 'done' && s.doneAt) {
    const late = s.doneAt.getTime() - due;
    return late > 0 ? { kind: 'late', byMs: late } : { kind: 'on-time' };
  }
  return now.getTime() > due ? { kind: 'overdue', byMs: now.getTime() - due } : { kind: 'pending' };
}

/** When the incident first entered each phase: identify at the raise, the rest from status changes. */
export function phaseEntries(incident: Pick<Incident, 'raisedAt'>, events: readonly ChainedEvent[]): { phase: Phase | 'closed'; at: Date }[] {
  const out: { phase: Phase | 'closed'; at: Date }[] = [{ phase: 'identify', at: incident.raisedAt }];
  for (const e of events) if (e.type === 'status.changed') out.push({ phase: e.data.to as Phase | 'closed', at: e.at });
  return out;
}

const firstEntry = (entries: ReturnType<typeof phaseEntries>, phases: readonly string[]) => entries.find((p) => phases.includes(p.phase))?.at;

export function incidentMetrics(incident: Incident, steps: readonly Step[], events: readonly ChainedEvent[], statements: readonly Statement[], now: Date): IncidentMetrics {
  const from = incident.raisedAt.getTime();
  const since = (d: Date | undefined) => (d ? d.getTime() - from : undefined);
  const entries = phaseEntries(incident, events);
  const counts = { onTime: 0, late: 0, overdue: 0, pending: 0 };
  for (const s of steps) {
    const k = stepTiming(s, now).kind;
    counts[k === 'on-time' ? 'onTime' : k]++;
  }
  const due = counts.onTime + counts.late + counts.overdue;
  const alerts = events.filter((e) => e.type === 'deadline.alert');
  const published = statements.map((s) => s.publishedAt.getTime()).sort((a, b) => a - b)[0];
  return {
    ackMs: since(incident.ackedAt),
    firstStatementMs: published === undefined ? undefined : published - from,
    controlMs: since(firstEntry(entries, ['control'])),
    resolveMs: since(firstEntry(entries, ['review', 'closed'])),
    steps: counts,
    onTimePct: due ? Math.round((100 * counts.onTime) / due) : undefined,
    alerts: alerts.filter((e) => Number(e.data.rung ?? 0) === 0).length,
    escalations: alerts.filter((e) => Number(e.data.rung ?? 0) > 0).length,
  };
}

/** Figures over many incidents: means of the durations each incident has, steps on time over all due steps. */
export type GroupMetrics = { group: string; count: number; mttaMs?: number; firstStatementMs?: number; mttrMs?: number; onTimePct?: number; onTime: number; due: number };

const mean = (xs: (number | undefined)[]) => {
  const known = xs.filter((x): x is number => x !== undefined);
  return known.length ? Math.round(known.reduce((a, b) => a + b, 0) / known.length) : undefined;
};

export function groupMetrics(group: string, rows: readonly IncidentMetrics[]): GroupMetrics {
  const onTime = rows.reduce((a, r) => a + r.steps.onTime, 0);
  const due = rows.reduce((a, r) => a + r.steps.onTime + r.steps.late + r.steps.overdue, 0);
  return {
    group,
    count: rows.length,
    mttaMs: mean(rows.map((r) => r.ackMs)),
    firstStatementMs: mean(rows.map((r) => r.firstStatementMs)),
    mttrMs: mean(rows.map((r) => r.resolveMs)),
    onTimePct: due ? Math.round((100 * onTime) / due) : undefined,
    onTime,
    due,
  };
}
