import { describe, expect, it } from 'vitest';
import { addActions, completeAction, recordRca, type NewAction } from '../../src/actions/service.ts';
import type { Core } from '../../src/core.ts';
import { pendingAlerts } from '../../src/store/alerts.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { crashResumeCompare } from '../support/crash-compare.ts';
import { count, useCrashHarness } from '../support/faults.ts';

// The crash-point test for the root-cause analysis and the improvement actions (src/actions/service.ts):
// a process dies at its Nth write, before or after it; the recovery pass runs and the platform
// delivers the same request again. Afterwards the change happened once: one timeline event, one
// set of outbox entries, the RCA versions and actions changed once, each new action's first
// alert pending once.

const harness = useCrashHarness('fault injection (improvement actions)');

const alice = { id: 'alice', name: 'Alice Placeholder' };
const erin = { id: 'erin', name: 'Erin Placeholder' };
const DUE = new Date('2026-12-20T17:00:00Z').getTime();
const ACTION: NewAction = { title: 'Train the night shift', owner: { person: erin }, due: DUE, source: 'lesson' };
const RCA = { problem: 'The valve leaked', whys: [{ text: 'The seal failed', category: 'equipment' as const }], evidence: [], corrective: [{ ...ACTION, title: 'Replace the seals', source: 'root-cause' as const }] };

type Path = {
  event: string;
  setup?: (core: Core, i: Incident) => Promise<void>;
  act: (core: Core, i: Incident, ev: string) => Promise<unknown>;
  state: (i: Incident) => unknown;
};

const PATHS: Record<string, Path> = {
  'action add': {
    event: 'action.added',
    act: (core, i, ev) => addActions(core, i, [ACTION], alice, ev),
    state: (i) => (i.actions ?? []).map((a) => [a.id, a.title, a.status, a.version]),
  },
  'action done': {
    event: 'action.done',
    setup: async (core, i) => void (await addActions(core, i, [ACTION], alice, `add-${i.key}`)),
    act: (core, i, ev) => completeAction(core, i, 'A1', 'trained', erin, ev),
    state: (i) => (i.actions ?? []).map((a) => [a.id, a.status, a.version, a.doneBy?.id, a.note]),
  },
  'rca record': {
    event: 'rca.recorded',
    act: (core, i, ev) => recordRca(core, i, RCA, alice, ev),
    state: (i) => ({ rca: (i.rca ?? []).map((r) => [r.v, r.problem, r.actions]), actions: (i.actions ?? []).map((a) => [a.id, a.source, a.rca]) }),
  },
};

const actionAlerts = async (core: Core, key: string) => (await pendingAlerts(core.db)).filter((d) => d.alert.incidentKey === key && d.alert.kind === 'action').map((d) => d.alert._id.replace(key, 'KEY'));

describe('a crash at any write of the RCA or an improvement action', () => {
  for (const [path, p] of Object.entries(PATHS)) {
    it(`of an ${path}: finished once, and the incident can still be changed`, { timeout: 600_000 }, async () => {
      const look = async (core: Core, key: string) => {
        const i = (await findIncident(core.db, key))!;
        return { events: count(await readTimeline(core.db, key), p.event), outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }), state: p.state(i), alerts: await actionAlerts(core, key) };
      };
      // After every crash point the same as here: one event, the reference's outbox entries, state and pending alerts.
      const ref = await crashResumeCompare(harness, path, { ...p, look });
      expect(ref.after.events).toBe(ref.before.events + 1);
    });
  }
});
