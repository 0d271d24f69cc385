import { describe, expect, it } from 'vitest';
import {
  alertId,
  decide,
  drillFilter,
  firstAckAlert,
  firstStepAlert,
  firstUpdateAlert,
  isWatched,
  LATE_AFTER_MS,
  nextAlert,
  plannedAlerts,
  rungPeople,
  type Alert,
  type Ladder,
} from '../../src/domain/escalation.ts';

const MIN = 60_000;
const T = new Date('2026-11-28T10:00:00Z');
const at = (minutes: number) => new Date(T.getTime() + minutes * MIN);
const ladder: Ladder = [
  { after: 0, notify: 'owners' },
  { after: 15 * MIN, notify: 'lead' },
  { after: 30 * MIN, notify: 'executive' },
];
const policy = { ladder, cadence: 60 * MIN };
const open = { status: 'respond' as const, raisedAt: T };

describe('escalation ladder', () => {
  it('names alerts by what they watch, so ids are the same in every process', () => {
    const a = firstStepAlert('INC-20261128-001', { n: 4, version: 0, dueAt: at(20) }, ladder);
    expect(a._id).toBe('alert:INC-20261128-001:step:4:v0:r0');
    expect(a.dueAt).toEqual(at(20));
    expect(firstAckAlert('INC-20261128-001', at(30), ladder)._id).toBe('alert:INC-20261128-001:ack:r0');
    expect(firstUpdateAlert('INC-20261128-001', 2, at(0), 60 * MIN)._id).toBe('alert:INC-20261128-001:update:u2:r0');
    expect(alertId({ kind: 'step', incidentKey: 'K', n: 1, version: 3, rung: 2 })).toBe('alert:K:step:1:v3:r2');
  });

  it('climbs owners → lead → executive at the deadline plus each rung’s delay, then stops', () => {
    const r0 = firstStepAlert('K', { n: 1, version: 0, dueAt: at(15) }, ladder);
    const r1 = nextAlert(r0, policy, at(15))!;
    const r2 = nextAlert(r1, policy, at(30))!;
    expect([r1.rung, r1.dueAt]).toEqual([1, at(30)]);
    expect([r2.rung, r2.dueAt]).toEqual([2, at(45)]);
    expect(nextAlert(r2, policy, at(45))).toBeUndefined();
  });

  it('keeps each rung’s own time after downtime, so every rung that fell due goes out once', () => {
    const r0 = firstStepAlert('K', { n: 1, version: 0, dueAt: at(15) }, ladder);
    // Sent two hours late: the next rungs are already due, each exactly once.
    const r1 = nextAlert(r0, policy, at(135))!;
    expect(r1.dueAt).toEqual(at(30));
    expect(decide(r1, { incident: open, step: { status: 'open', version: 0 } }, at(135), policy.cadence)).toEqual({ action: 'send', lateMs: 105 * MIN, late: true });
  });

  it('starts a reopened step’s ladder at the reopen time when its deadline has passed', () => {
    const a = firstStepAlert('K', { n: 2, version: 2, dueAt: at(15) }, ladder, at(90));
    expect([a._id, a.base, a.dueAt]).toEqual(['alert:K:step:2:v2:r0', at(90), at(90)]);
    expect(firstStepAlert('K', { n: 2, version: 2, dueAt: at(15) }, ladder, at(5)).dueAt).toEqual(at(15));
  });

  it('sends one nudge for missed update windows and schedules the next in the future', () => {
    const u = firstUpdateAlert('K', 0, T, 60 * MIN);
    expect(u.dueAt).toEqual(at(60));
    const next = nextAlert(u, policy, at(60))!;
    expect([next.rung, next.dueAt]).toEqual([1, at(120)]);
    const afterDowntime = nextAlert(u, policy, at(330))!;
    expect(afterDowntime.dueAt).toEqual(at(360));
    expect(afterDowntime.dueAt > at(330)).toBe(true);
  });
});

describe('judging a due alert against the current state', () => {
  const step = firstStepAlert('K', { n: 3, version: 1, dueAt: at(15) }, ladder);
  const openStep = { status: 'open' as const, version: 1 };

  it('sends an alert whose item is still open, on time or marked late', () => {
    expect(decide(step, { incident: open, step: openStep }, at(15), 1)).toEqual({ action: 'send', lateMs: 0, late: false });
    expect(decide(step, { incident: open, step: openStep }, new Date(at(15).getTime() + LATE_AFTER_MS + 1), 1)).toMatchObject({ late: true });
  });

  it('drops a step alert once the step is done or was ticked and reopened (a newer ladder runs)', () => {
    expect(decide(step, { incident: open, step: { status: 'done', version: 2 } }, at(20), 1)).toEqual({ action: 'drop', reason: 'done' });
    expect(decide(step, { incident: open, step: { status: 'open', version: 3 } }, at(20), 1)).toEqual({ action: 'drop', reason: 'done' });
  });

  it('waits while the step is snoozed, and sends after the snooze', () => {
    const incident = { ...open, snoozes: [{ n: 3, until: at(30) }, { n: 1, until: at(99) }] };
    expect(decide(step, { incident, step: openStep }, at(20), 1)).toEqual({ action: 'wait', until: at(30) });
    expect(decide(step, { incident, step: openStep }, at(31), 1)).toMatchObject({ action: 'send' });
  });

  it('drops everything of a resolved or vanished incident', () => {
    for (const status of ['review', 'closed'] as const) {
      expect(decide(step, { incident: { ...open, status }, step: openStep }, at(20), 1)).toEqual({ action: 'drop', reason: 'resolved' });
    }
    expect(decide(step, { incident: null }, at(20), 1)).toEqual({ action: 'drop', reason: 'gone' });
    expect(isWatched('resolve')).toBe(true);
  });

  it('drops the acknowledgement ladder once the lead acknowledged', () => {
    const ack = firstAckAlert('K', at(30), ladder);
    expect(decide(ack, { incident: open }, at(30), 1)).toMatchObject({ action: 'send' });
    expect(decide(ack, { incident: { ...open, ackedAt: at(29) } }, at(30), 1)).toEqual({ action: 'drop', reason: 'acknowledged' });
  });

  it('replaces a nudge made obsolete by an update with the window that update opened', () => {
    const u = firstUpdateAlert('K', 0, T, 60 * MIN);
    const verdict = decide(u, { incident: { ...open, updateCount: 1, lastUpdateAt: at(40) } }, at(60), 60 * MIN);
    expect(verdict).toEqual({ action: 'replace', next: expect.objectContaining({ _id: 'alert:K:update:u1:r0', dueAt: at(100) }) as Alert });
  });
});

describe('who hears', () => {
  const dave = { id: 'dave', name: 'Dave' };
  const alice = { id: 'alice', name: 'Alice' };
  const ivan = { id: 'ivan', name: 'Ivan' };
  const who = { owners: [dave, dave], lead: alice, withRole: (r: string) => (r === 'executive' ? [ivan] : []) };

  it('resolves owners, the lead and a role, once each', () => {
    expect(rungPeople('owners', who)).toEqual([dave]);
    expect(rungPeople('lead', who)).toEqual([alice]);
    expect(rungPeople('executive', who)).toEqual([ivan]);
    expect(rungPeople('lead', { ...who, lead: undefined })).toEqual([]);
  });

  it('alerts only the participants of a drill and lists the rest as skipped', () => {
    const participants = new Set(['dave', 'alice']);
    expect(drillFilter([alice, ivan], true, participants)).toEqual({ alerted: [alice], skipped: [ivan] });
    expect(drillFilter([alice, ivan], false, participants)).toEqual({ alerted: [alice, ivan], skipped: [] });
  });
});

describe('planned alerts (simulation)', () => {
  it('lists every rung of every deadline in time order, and nudges up to the horizon', () => {
    const plan = plannedAlerts({ ackAfter: 30 * MIN, cadence: 60 * MIN, ladder, steps: [{ n: 1, dueAfter: 15 * MIN }, { n: 2, dueAfter: 60 * MIN }] }, 90 * MIN);
    expect(plan.map((a) => `${a.at / MIN} ${a.kind}${a.n ?? ''} r${a.rung} ${a.notify}`)).toEqual([
      '15 step1 r0 owners',
      '30 ack r0 owners',
      '30 step1 r1 lead',
      '45 ack r1 lead',
      '45 step1 r2 executive',
      '60 ack r2 executive',
      '60 update r0 lead',
      '60 step2 r0 owners',
      '75 step2 r1 lead',
      '90 step2 r2 executive',
    ]);
  });
});
