import { describe, expect, it } from 'vitest';
import { byUrgency, nextActionNumbers } from '../../src/actions/model.ts';
import { decide, firstActionAlert, nextAlert } from '../../src/domain/escalation.ts';

const LADDER = [{ after: 0, notify: 'owners' }, { after: 3_600_000, notify: 'lead' }] as const;
const due = new Date('2026-12-01T09:00:00Z');
const base = { raisedAt: new Date('2026-11-28T10:00:00Z') };

describe('the rules of improvement actions', () => {
  it('an action alert is sent whatever the incident status, and dropped once the action is done or changed', () => {
    const alert = firstActionAlert('INC-20261128-001', { n: 2, version: 1, due }, LADDER);
    expect(alert._id).toBe('alert:INC-20261128-001:action:a2:v1:r0');
    const at = new Date(due.getTime() + 5_000);
    for (const status of ['respond', 'review', 'closed'] as const) {
      expect(decide(alert, { incident: { ...base, status, actions: [{ n: 2, status: 'open', version: 1 }] } }, at, 1).action).toBe('send');
    }
    expect(decide(alert, { incident: { ...base, status: 'closed', actions: [{ n: 2, status: 'done', version: 2 }] } }, at, 1)).toEqual({ action: 'drop', reason: 'done' });
    expect(decide(alert, { incident: { ...base, status: 'closed', actions: [] } }, at, 1)).toEqual({ action: 'drop', reason: 'gone' });
    // Every other kind still stops at the review.
    const ack = { ...alert, _id: 'alert:INC-20261128-001:ack:r0', kind: 'ack' as const };
    expect(decide(ack, { incident: { ...base, status: 'closed' } }, at, 1)).toEqual({ action: 'drop', reason: 'resolved' });
    const next = nextAlert(alert, { ladder: LADDER, cadence: 1 }, at)!;
    expect([next._id, next.dueAt.toISOString()]).toEqual(['alert:INC-20261128-001:action:a2:v1:r1', '2026-12-01T10:00:00.000Z']);
  });

  it('numbers new actions after the highest, and sorts overdue first', () => {
    expect(nextActionNumbers(undefined, 2)).toEqual([1, 2]);
    expect(nextActionNumbers([{ n: 1 }, { n: 4 }], 1)).toEqual([5]);
    const now = new Date('2026-12-02T00:00:00Z');
    const list = [
      { id: 'later', status: 'open' as const, due: new Date('2026-12-09T00:00:00Z') },
      { id: 'overdue', status: 'open' as const, due: new Date('2026-12-01T00:00:00Z') },
      { id: 'soon', status: 'open' as const, due: new Date('2026-12-03T00:00:00Z') },
      { id: 'longest', status: 'open' as const, due: new Date('2026-11-20T00:00:00Z') },
    ];
    expect([...list].sort(byUrgency(now)).map((a) => a.id)).toEqual(['longest', 'overdue', 'soon', 'later']);
  });
});
