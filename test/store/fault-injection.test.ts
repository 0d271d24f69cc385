import { describe, expect, it } from 'vitest';
import { changeLevel } from '../../src/assessment/service.ts';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { resumeStale } from '../../src/recovery.ts';
import { policyOf } from '../../src/scheduler/schedule.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { sweepSendCompare } from '../support/crash-compare.ts';
import { assertChangeable, assertConsistent, count, deliverAll, dying, INPUT, origin, RecordingPort, reporter, roomOf, untilCrash, useCrashHarness } from '../support/faults.ts';

// A store that fails at its Nth write — before the write, or after it (the write happened, the
// process died before hearing so) — for every N along each path; then a new process recovers as
// it would in production (the recovery pass, the platform's retry, the sweep, the dispatcher).
// Afterwards everything happened exactly once and every entity can still be changed. The other
// operations (phase, acknowledge, facts, …) are in fault-injection-actions.test.ts.

const harness = useCrashHarness('fault injection');
const { world, everyCrashPoint } = harness;

describe('a crash at any write', () => {
  it('of a raise: the retry and the recovery pass finish it, one incident, one record', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-raise');
    const port = new RecordingPort();
    const reference = (await raise(core, INPUT, origin('reference'))).incident;
    await deliverAll(core, port, clock);
    const expected = roomOf(port, (await findIncident(core.db, reference.key))!);
    await everyCrashPoint('raise', async (n, mode) => {
      const ev = `raise-${mode}-${n}`;
      const dead = dying(core, n, mode);
      await untilCrash(() => raise(dead.core, INPUT, origin(ev)));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      const retried = await raise(core, INPUT, origin(ev));
      await deliverAll(core, port, clock);
      expect(await core.db.m.Incident.countDocuments({ eventKey: ev })).toBe(1);
      const { incident, events } = await assertConsistent(core, retried.incident.key);
      expect(count(events, 'incident.raised')).toBe(1);
      expect(roomOf(port, incident)).toEqual(expected);
      await assertChangeable(core, incident);
      return true;
    });
  });

  it('of a tick: the step is ticked once and can be unticked', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-tick');
    await everyCrashPoint('tick', async (n, mode) => {
      const { incident } = await raise(core, INPUT, origin(`tick-${mode}-${n}`));
      const dead = dying(core, n, mode);
      await untilCrash(() => setStepDone(dead.core, incident, 1, true, reporter));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      await setStepDone(core, incident, 1, true, reporter);
      const { steps, events } = await assertConsistent(core, incident.key);
      expect(steps[0]!.status).toBe('done');
      expect(count(events, 'step.done')).toBe(1);
      expect((await setStepDone(core, incident, 1, false, reporter)).changed).toBe(true);
      expect(count(await readTimeline(core.db, incident.key), 'step.reopened')).toBe(1);
      return true;
    });
  });

  it('of a level change: the steps are re-timed once and the change recorded once', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-level');
    await everyCrashPoint('level change', async (n, mode) => {
      const { incident } = await raise(core, INPUT, origin(`level-${mode}-${n}`));
      const dead = dying(core, n, mode);
      await untilCrash(() => changeLevel(dead.core, incident, 3, 'spreading to a second site', reporter));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      const { incident: after, steps, events } = await assertConsistent(core, incident.key);
      // Either the change never began (nothing written) or it was finished: never half of it.
      const changed = after.level === 3;
      expect(count(events, 'level.changed')).toBe(changed ? 1 : 0);
      expect(steps.every((s) => s.version === (changed ? 1 : 0))).toBe(true);
      const outboxed = await core.db.m.Outbox.countDocuments({ incidentKey: incident.key, 'effect.kind': 'level-changed' });
      expect(outboxed).toBe(changed ? 1 : 0);
      await assertChangeable(core, after);
      return true;
    });
  });

  it('of a deadline sweep: each due alert is recorded and sent once', { timeout: 120_000 }, async () => {
    const reference = await sweepSendCompare(harness, 'sweep', {
      // Just past the acknowledgement's first rung: one alert of this incident falls due.
      prepare: async (core, incident, clock) => clock.set(new Date(incident.ackDueAt!.getTime() + policyOf(core.playbook, incident.level).ladder[0]!.after + 1000)),
    });
    expect(reference.alerts.length).toBeGreaterThan(0);
  });

  it('of the outbox delivering a raise: the room gets each message once', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-outbox');
    const port = new RecordingPort();
    const reference = (await raise(core, INPUT, origin('outbox-reference'))).incident;
    await deliverAll(core, port, clock);
    const expected = roomOf(port, (await findIncident(core.db, reference.key))!);
    await everyCrashPoint('outbox delivery', async (n, mode) => {
      const { incident } = await raise(core, INPUT, origin(`outbox-${mode}-${n}`));
      const dead = dying(core, n, mode);
      await untilCrash(() => new Dispatcher(dead.core, port).drain());
      if (!dead.crashed()) return false;
      clock.advance(61_000);
      await deliverAll(core, port, clock);
      const after = (await findIncident(core.db, incident.key))!;
      expect(roomOf(port, after)).toEqual(expected);
      await assertChangeable(core, after);
      return true;
    });
  });
});
