import { describe, expect, it, vi } from 'vitest';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { OP_LEASE_MS } from '../../src/store/ops.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { dying, INPUT, origin, reporter, untilCrash } from '../support/faults.ts';

const clock = testClock(new Date('2026-11-28T10:00:00Z'));
const t = useTestCore({ now: clock.now });

const done = async (key: string) => (await readTimeline(t.core.db, key)).filter((e) => e.type === 'step.done').length;

describe('a tick of a step already in that state', () => {
  it('finishes what a crashed tick left undone once its lease is over', async () => {
    const { incident } = await raise(t.core, INPUT, origin('tick-crashed'));
    // Dies right after writing the step (the lease, the intent, then the step): no event, no refresh.
    const dead = dying(t.core, 3, 'after');
    await untilCrash(() => setStepDone(dead.core, incident, 1, true, reporter));
    expect(await done(incident.key)).toBe(0);
    clock.advance(OP_LEASE_MS + 1000);
    expect((await setStepDone(t.core, incident, 1, true, reporter)).changed).toBe(false);
    expect(await done(incident.key)).toBe(1);
  });

  it('within the lease of the change (a second click) looks up no operation', async () => {
    const { incident } = await raise(t.core, INPUT, origin('tick-twice'));
    expect((await setStepDone(t.core, incident, 1, true, reporter)).changed).toBe(true);
    const looked = vi.spyOn(t.core.db.m.Op, 'findById');
    try {
      expect((await setStepDone(t.core, incident, 1, true, reporter)).changed).toBe(false);
      expect(looked).not.toHaveBeenCalled();
    } finally {
      looked.mockRestore();
    }
    expect(await done(incident.key)).toBe(1);
  });
});
