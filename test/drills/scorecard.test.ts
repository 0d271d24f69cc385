import { describe, expect, it } from 'vitest';
import type { ChainedEvent } from '../../src/domain/timeline.ts';
import type { Statement } from '../../src/domain/statements.ts';
import { approvedAt, compareDrills, drillScore, gapsByPhase } from '../../src/drills/scorecard.ts';
import type { Incident, Step } from '../../src/store/records.ts';

const T0 = new Date('2026-11-01T09:00:00Z').getTime();
const at = (min: number) => new Date(T0 + min * 60_000);
const who = { id: 'erin', name: 'Erin' };

function incident(key: string, over: Partial<Incident> = {}): Incident {
  return { key, type: 'reputation', drill: true, raisedAt: at(0), level: 3, status: 'closed', stepCount: 3, statements: [], ...over } as unknown as Incident;
}
const step = (n: number, phase: Step['phase'], dueMin: number, doneMin?: number): Step =>
  ({ incidentKey: 'K', n, phase, title: { en: `step ${n}` }, ownerRole: 'comms', owners: [], dueAt: at(dueMin), status: doneMin === undefined ? 'open' : 'done', doneAt: doneMin === undefined ? undefined : at(doneMin), version: 1, page: 0 }) as unknown as Step;
const closedAt = (min: number): ChainedEvent[] => [{ type: 'status.changed', at: at(min), data: { from: 'review', to: 'closed' } } as unknown as ChainedEvent];
const statement = (status: Statement['status'], approvalsMin: number[]): Statement =>
  ({ id: 'S1', n: 1, status, approvals: approvalsMin.map((m) => ({ by: who, roles: ['comms'], at: at(m) })), versions: [], publications: [] }) as unknown as Statement;

describe('the drill scorecard, computed from the record', () => {
  it('counts statements approved by the first-statement deadline: the approval that met the policy is the last one', () => {
    expect(approvedAt(statement('draft', [10]))).toBeUndefined();
    expect(approvedAt(statement('approved', [10, 25]))).toEqual(at(25));
    const i = incident('D1', { statements: [statement('approved', [10, 25]), statement('published', [50]), statement('draft', [5])] });
    // Deadline 30 min: the first is in time, the second approved after it, the third never.
    const s = drillScore(i, [step(1, 'identify', 15, 10)], closedAt(60), [], 30 * 60_000, at(600));
    expect(s.statements).toEqual({ drafted: 3, inTime: 1, deadline: at(30) });
  });

  it('judges a closed drill at its close, lists never-done steps by phase, and marks each figure better or worse', () => {
    const steps = [step(1, 'identify', 15, 10), step(2, 'identify', 40), step(3, 'respond', 120, 130), step(4, 'respond', 500)];
    // Closed at 200 min: step 4 (due at 500) was not yet due then, whatever the clock says now.
    const earlier = drillScore(incident('D1', { ackedAt: at(20), stepCount: 4 }), steps, closedAt(200), [], 30 * 60_000, at(10_000));
    expect(earlier).toMatchObject({ ackMs: 20 * 60_000, onTime: 1, due: 3, onTimePct: 33 });
    expect(gapsByPhase(earlier.gaps).map((g) => [g.phase, g.steps.map((x) => x.n)])).toEqual([['identify', [2]], ['respond', [4]]]);

    const now = drillScore(incident('D2', { raisedAt: at(0), ackedAt: at(8), stepCount: 2 }), [step(1, 'identify', 15, 5), step(2, 'identify', 40, 30)], closedAt(60), [], 30 * 60_000, at(10_000));
    const [c] = compareDrills(now, [earlier]);
    expect(c!.previous.key).toBe('D1');
    expect(c!.ack).toEqual({ now: 8 * 60_000, then: 20 * 60_000, delta: -12 * 60_000, trend: 'better' });
    expect(c!.onTime).toEqual({ now: 100, then: 33, delta: 67, trend: 'better' });
    expect(c!.gaps).toEqual({ now: 0, then: 2, delta: -2, trend: 'better' });
    // Neither drafted a statement: not a score of zero, not comparable.
    expect(c!.statements.trend).toBe('unknown');
  });

  it('compares with the last three earlier drills only, newest first', () => {
    const s = (key: string, day: number, ack: number) => drillScore(incident(key, { raisedAt: at(day * 1440), ackedAt: at(day * 1440 + ack), stepCount: 0 }), [], [], [], 30 * 60_000, at(10 * 1440));
    const cmp = compareDrills(s('D5', 5, 10), [s('D1', 1, 5), s('D2', 2, 10), s('D3', 3, 20), s('D4', 4, 30)]);
    expect(cmp.map((c) => [c.previous.key, c.ack.trend])).toEqual([['D4', 'better'], ['D3', 'better'], ['D2', 'same']]);
  });
});
