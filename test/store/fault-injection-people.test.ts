import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import type { RoleAction } from '../../src/people/roles.ts';
import { changeRole } from '../../src/people/service.ts';
import { decideResource, type Decision } from '../../src/resources/service.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { stepsOf } from '../../src/store/steps.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { crashResumeCompare } from '../support/crash-compare.ts';
import { count, useCrashHarness } from '../support/faults.ts';

// The crash-point test for role changes (src/people/service.ts): a process dies at its Nth write,
// before or after it; the recovery pass runs and the platform delivers the same request again.
// Afterwards the change happened once: one timeline event, one set of outbox entries, the holders
// (or the lead) changed once, the open steps of the role owned by the new holders; a resource
// approval takes its kits from the stock once, a release gives them back once.

const harness = useCrashHarness('fault injection (people)');

const alice = { id: 'alice', name: 'Alice Placeholder' };
const dave = { id: 'dave', name: 'Dave Placeholder' };
const erin = { id: 'erin', name: 'Erin Placeholder' };

type Path = {
  event: string;
  setup?: (core: Core, i: Incident) => Promise<void>;
  action: (core: Core) => RoleAction | Decision;
  state: (core: Core, i: Incident) => Promise<unknown>;
};

// From the emergency fund (500,000 on hand): every run's approval can be made, none is refused as short.
const KITS: Decision = { kind: 'request', request: { resource: 'emergency-fund', quantity: 1000, purpose: 'hotel rooms' } };
const run = (core: Core, i: Incident, a: RoleAction | Decision, ev: string) =>
  'id' in a || a.kind === 'request' ? decideResource(core, i, a as Decision, alice, ev) : changeRole(core, i, a as RoleAction, alice, ev);
/** What an incident holds of the stock, from the stock's own movements. */
const kitsOf = async (core: Core, key: string) => (await core.db.m.StockEntry.find({ incidentKey: key }).lean()).reduce((n, m) => n + (m as { delta: number }).delta, 0);

const ownersOf = async (core: Core, i: Incident, role: string) =>
  (await stepsOf(core.db, i)).filter((s) => s.ownerRole === role && s.status === 'open').map((s) => s.owners.map((o) => o.id));

const PATHS: Record<string, Path> = {
  'role assign': {
    event: 'role.assigned',
    action: () => ({ kind: 'assign', role: 'operations', who: dave, by: alice }),
    state: async (core, i) => ({ holders: i.roles?.operations?.map((p) => p.id), owners: await ownersOf(core, i, 'operations') }),
  },
  'lead handover accept': {
    event: 'lead.handover.accepted',
    setup: async (core, i) => {
      await changeRole(core, i, { kind: 'propose', who: erin, by: alice, at: core.now() }, alice, `propose-${i.key}`);
    },
    action: () => ({ kind: 'accept', who: erin }),
    state: async (core, i) => ({ lead: i.lead?.id, handover: i.handover ?? null, owners: await ownersOf(core, i, 'crisis_lead') }),
  },
  'resource approval': {
    event: 'resource.approved',
    setup: async (core, i) => void (await decideResource(core, i, KITS, alice, `ask-${i.key}`)),
    action: () => ({ kind: 'approve', id: 'R1' }),
    state: async (core, i) => ({ status: i.requests?.map((r) => r.status), kits: await kitsOf(core, i.key) }),
  },
  'resource release': {
    event: 'resource.released',
    setup: async (core, i) => {
      await decideResource(core, i, KITS, alice, `ask-${i.key}`);
      await decideResource(core, (await findIncident(core.db, i.key))!, { kind: 'approve', id: 'R1' }, alice, `approve-${i.key}`);
    },
    action: () => ({ kind: 'release', id: 'R1' }),
    state: async (core, i) => ({ status: i.requests?.map((r) => r.status), kits: await kitsOf(core, i.key) }),
  },
};

describe('a crash at any write of a role change or a resource decision', () => {
  for (const [path, p] of Object.entries(PATHS)) {
    it(`of a ${path}: finished once, and the incident can still be changed`, { timeout: 600_000 }, async () => {
      const look = async (core: Core, key: string) => {
        const i = (await findIncident(core.db, key))!;
        return { events: count(await readTimeline(core.db, key), p.event), outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }), state: await p.state(core, i) };
      };
      const act = (core: Core, i: Incident, ev: string) => run(core, i, p.action(core), ev);
      // After every crash point the same as here: one event, the reference's outbox entries and state.
      const ref = await crashResumeCompare(harness, path, { setup: p.setup, act, look });
      expect(ref.after.events).toBe(ref.before.events + 1);
    });
  }
});
