import { describe, expect, it } from 'vitest';
import type { ChainedEvent } from '../../src/domain/timeline.ts';
import { groupMetrics, incidentMetrics, stepTiming } from '../../src/report/metrics.ts';
import type { Incident, Step } from '../../src/store/records.ts';

const T0 = new Date('2026-11-28T10:00:00Z');
const min = (m: number) => new Date(T0.getTime() + m * 60_000);
const incident = (over: Partial<Incident> = {}) => ({ key: 'INC-20261128-001', raisedAt: T0, ...over }) as Incident;
const step = (n: number, due: number, done?: number) => ({ n, dueAt: min(due), status: done === undefined ? 'open' : 'done', ...(done === undefined ? {} : { doneAt: min(done) }) }) as Step;
const event = (type: string, m: number, data: Record<string, unknown> = {}) => ({ type, at: min(m), data }) as ChainedEvent;

describe('response metrics', () => {
  it('calls a step done at its deadline on time, after it late by the difference, open past it overdue', () => {
    expect(stepTiming(step(1, 15, 15), min(60))).toEqual({ kind: 'on-time' });
    expect(stepTiming(step(1, 15, 35), min(60))).toEqual({ kind: 'late', byMs: 20 * 60_000 });
    expect(stepTiming(step(1, 15), min(60))).toEqual({ kind: 'overdue', byMs: 45 * 60_000 });
    expect(stepTiming(step(1, 60), min(60))).toEqual({ kind: 'pending' });
  });

  it('times acknowledge, control and resolve from the raise, and counts alerts apart from escalations', () => {
    const events = [event('status.changed', 30, { to: 'respond' }), event('status.changed', 50, { to: 'control' }), event('status.changed', 70, { to: 'respond' }), event('status.changed', 80, { to: 'control' }), event('status.changed', 100, { to: 'resolve' }), event('status.changed', 130, { to: 'review' }), event('deadline.alert', 16, { rung: 0 }), event('deadline.alert', 31, { rung: 1 }), event('deadline.alert', 46, { rung: 2 })];
    const m = incidentMetrics(incident({ ackedAt: min(9) }), [step(1, 15, 10), step(2, 30, 40), step(3, 60), step(4, 600)], events, [], min(120));
    expect(m).toEqual({ ackMs: 9 * 60_000, firstStatementMs: undefined, controlMs: 50 * 60_000, resolveMs: 130 * 60_000, steps: { onTime: 1, late: 1, overdue: 1, pending: 1 }, onTimePct: 33, alerts: 1, escalations: 2 });
  });

  it('averages a seeded set as by hand: means over the incidents that have the figure, steps on time over all due steps', () => {
    const a = incidentMetrics(incident({ ackedAt: min(10) }), [step(1, 15, 5), step(2, 30, 20)], [event('status.changed', 240, { to: 'review' })], [], min(300));
    const b = incidentMetrics(incident({ ackedAt: min(30) }), [step(1, 15, 45), step(2, 30)], [event('status.changed', 120, { to: 'closed' })], [{ publishedAt: min(90) }], min(300));
    const c = incidentMetrics(incident(), [step(1, 400)], [], [], min(300));
    // MTTA (10 + 30) / 2 = 20 min; first statement: only b, 90 min; MTTR (240 + 120) / 2 = 180 min;
    // due steps a: 2 on time, b: 1 late + 1 overdue, c: none due — 2 of 4, 50 %.
    expect(groupMetrics('all', [a, b, c])).toEqual({ group: 'all', count: 3, mttaMs: 20 * 60_000, firstStatementMs: 90 * 60_000, mttrMs: 180 * 60_000, onTimePct: 50, onTime: 2, due: 4 });
    expect(groupMetrics('none', [c])).toMatchObject({ count: 1, mttaMs: undefined, mttrMs: undefined, onTimePct: undefined });
  });
});
