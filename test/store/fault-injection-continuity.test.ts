import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { markFunction } from '../../src/continuity/service.ts';
import type { ServiceState } from '../../src/domain/continuity.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { pendingAlerts } from '../../src/store/alerts.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { cardDeliveredOnce } from '../support/card-crash.ts';
import { crashResumeCompare, sweepSendCompare } from '../support/crash-compare.ts';
import { count, deliverAll, useCrashHarness } from '../support/faults.ts';

// The crash-point test for business continuity: a process dies before or after its Nth write of a
// mark (down: with the RTO's first alert; restored), of a phase change to resolve that the lead
// overrides with a reason, of the delivery of the Business continuity card, and of the sweep sending
// an RTO alert. After recovery
// and the same delivery again, each happened once: one timeline event, one set of outbox entries,
// one pending RTO alert, one card in the war room.

const harness = useCrashHarness('fault injection (continuity)');

const alice = { id: 'alice', name: 'Alice Placeholder' };
const mark = (fn: string, state: ServiceState) => (core: Core, i: Incident, ev: string) => markFunction(core, i, { fn, state }, alice, ev);

type Path = {
  event: string;
  setup?: (core: Core, i: Incident) => Promise<void>;
  run: (core: Core, i: Incident, ev: string) => Promise<unknown>;
  state: (core: Core, i: Incident) => Promise<unknown>;
};

const rtoAlerts = async (core: Core, key: string) => (await pendingAlerts(core.db)).filter((d) => d.alert.incidentKey === key && d.alert.kind === 'rto').map((d) => d.alert._id.replace(key, 'KEY'));
const standing = (i: Incident) => (i.continuity ?? []).map((s) => [s.id, s.state, s.outage]);

const PATHS: Record<string, Path> = {
  'mark down': {
    event: 'continuity.down',
    run: mark('it-core', 'down'),
    state: async (core, i) => ({ standing: standing(i), alerts: await rtoAlerts(core, i.key) }),
  },
  'mark restored': {
    event: 'continuity.restored',
    setup: async (core, i) => void (await markFunction(core, i, { fn: 'payments', state: 'degraded' }, alice, `down-${i.key}`)),
    run: mark('payments', 'restored'),
    state: async (_core, i) => ({ standing: standing(i) }),
  },
  'resolve overridden': {
    event: 'phase.overridden',
    setup: async (core, i) => {
      await changePhase(core, i, 'respond', alice, `respond-${i.key}`, 'the open steps are tracked in the site log');
      await markFunction(core, (await findIncident(core.db, i.key))!, { fn: 'logistics', state: 'down' }, alice, `down-${i.key}`);
    },
    run: (core, i, ev) => changePhase(core, i, 'resolve', alice, ev, 'the partner depot delivers meanwhile'),
    state: async (core, i) => ({ status: i.status, changes: count(await readTimeline(core.db, i.key), 'status.changed') }),
  },
};

describe('a crash at any write of a business-continuity change', () => {
  for (const [path, p] of Object.entries(PATHS)) {
    it(`of a ${path}: finished once, and the incident can still be changed`, { timeout: 600_000 }, async () => {
      const look = async (core: Core, key: string) => {
        const i = (await findIncident(core.db, key))!;
        return { events: count(await readTimeline(core.db, key), p.event), outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }), state: await p.state(core, i) };
      };
      // After every crash point the same as here: one event, the reference's outbox entries and state.
      const ref = await crashResumeCompare(harness, path, { setup: p.setup, act: p.run, look }, { world: `fault-c-${path}` });
      expect(ref.after.events).toBe(ref.before.events + 1);
    });
  }

  it('of the card\'s delivery: posted once (found again by its key), its message recorded, later marks edit it', { timeout: 600_000 }, () =>
    cardDeliveredOnce(harness, {
      world: 'fault-c-card',
      titled: (title, key) => title === `Business continuity — ${key}`,
      change: (core, i, ev, second) => markFunction(core, i, { fn: second ? 'payments' : 'it-core', state: 'down' }, alice, ev),
      messageOf: (i) => i.continuityMessage?.id,
    }));

  it('of the sweep sending an RTO alert: recorded and sent once', { timeout: 600_000 }, async () => {
    const reference = await sweepSendCompare(harness, 'rto sweep', {
      world: { small: true },
      kind: 'rto',
      prepare: async (core, incident, clock, port) => {
        const downAt = core.now().getTime();
        await markFunction(core, incident, { fn: 'site-safety', state: 'down' }, alice, `${incident.key}-down`);
        // Everything else due before the RTO's first rung (site-safety: 1h, 75 % = 45 min) goes first.
        clock.set(new Date(downAt + 44 * 60_000));
        await sweep(core);
        await deliverAll(core, port, clock);
        clock.set(new Date(downAt + 45 * 60_000 + 1000));
      },
    });
    expect(reference.alerts).toEqual(['alert:KEY:rto:site-safety:o1:r0']);
    // The owner role's holder (security: Dave) by DM, and the notice in the war room.
    expect(reference.sent).toBe(2);
  });
});
