import { describe, expect, it } from 'vitest';
import { addActions, type NewAction } from '../../src/actions/service.ts';
import type { Core } from '../../src/core.ts';
import { changeRecovery, showRecoveryCard } from '../../src/recovery-plan/service.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { cardAskedOnce, cardDeliveredOnce } from '../support/card-crash.ts';
import { crashResumeCompare } from '../support/crash-compare.ts';
import { count, useCrashHarness } from '../support/faults.ts';

// The crash-point test for the recovery plan (src/recovery-plan/service.ts): a process dies at its
// Nth write, before or after it; the recovery pass runs and the platform delivers the same request
// again. Afterwards the change happened once: one timeline event, one set of outbox entries, the
// goals, steps and evaluations changed once. And the card's delivery: posted once, then edited.

const harness = useCrashHarness('fault injection (recovery plan)');

const alice = { id: 'alice', name: 'Alice Placeholder' };
const erin = { id: 'erin', name: 'Erin Placeholder' };
const STEP: NewAction = { title: 'Restart line 2', owner: { person: erin }, due: new Date('2026-12-20T17:00:00Z').getTime(), source: 'lesson', goal: 'business' };

type Path = { event?: string; setup?: (core: Core, i: Incident) => Promise<void>; act: (core: Core, i: Incident, ev: string) => Promise<unknown>; state: (i: Incident) => unknown };

const PATHS: Record<string, Path> = {
  'goal set': {
    event: 'recovery.goal',
    act: (core, i, ev) => changeRecovery(core, i, { do: 'goal', kind: 'business', target: 'Production back to 80%' }, alice, ev),
    state: (i) => (i.recoveryGoals ?? []).map((g) => [g.kind, g.v, g.target]),
  },
  'step progress': {
    event: 'recovery.progress',
    setup: async (core, i) => void (await addActions(core, i, [STEP], alice, `add-${i.key}`)),
    act: (core, i, ev) => changeRecovery(core, i, { do: 'progress', id: 'A1', pct: 100 }, erin, ev),
    state: (i) => (i.actions ?? []).map((a) => [a.id, a.progress, a.status, a.version]),
  },
  evaluation: {
    event: 'recovery.evaluated',
    act: (core, i, ev) => changeRecovery(core, i, { do: 'evaluate', kind: 'business', verdict: 'partly', note: 'line at 60%', facts: [] }, alice, ev),
    state: (i) => (i.evaluations ?? []).map((e) => [e.kind, e.v, e.verdict]),
  },
};

describe('a crash at any write of the recovery plan', () => {
  for (const [path, p] of Object.entries(PATHS)) {
    it(`of a ${path}: finished once, and the incident can still be changed`, { timeout: 600_000 }, async () => {
      const look = async (core: Core, key: string) => {
        const i = (await findIncident(core.db, key))!;
        return { events: p.event ? count(await readTimeline(core.db, key), p.event) : 0, outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }), state: p.state(i) };
      };
      // After every crash point the same as here: the reference's events, outbox entries and state.
      const ref = await crashResumeCompare(harness, path, { ...p, look }, { world: `fault-r-${path}` });
      expect(ref.after.outbox).toBeGreaterThan(ref.before.outbox);
    });
  }

  it('of asking for the card: queued once whether the one write died before or after', () =>
    cardAskedOnce(harness, { world: 'fault-r-ask', effect: 'recovery-card', ask: (core, i, ev) => showRecoveryCard(core, i, ev) }));

  it("of the card's delivery: posted once (found again by its key), its message recorded, later changes edit it", { timeout: 600_000 }, () =>
    cardDeliveredOnce(harness, {
      world: 'fault-r-card',
      titled: (title, key) => title === `Recovery plan — ${key}`,
      change: (core, i, ev, second) => changeRecovery(core, i, second ? { do: 'goal', kind: 'customers', target: 'All called back' } : { do: 'goal', kind: 'business', target: 'Production back' }, alice, ev),
      messageOf: (i) => i.recoveryMessage?.id,
    }));
});
