import { describe, expect, it } from 'vitest';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { changeLevel } from '../../src/assessment/service.ts';
import { stepsOf } from '../../src/store/steps.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore();

const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };

describe('concurrency on the real store', () => {
  it('gives 50 concurrent raises 50 distinct keys', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => raise(t.core, { title: `Outage ${i}`, type: 'supply-chain', criteria: {} }, origin)),
    );
    const keys = results.map((r) => r.incident.key);
    expect(new Set(keys).size).toBe(50);
    expect(await t.core.db.m.Incident.countDocuments()).toBe(50);
  }, 180_000);

  it('gives 20 concurrent ticks of one step one change and one done event', async () => {
    const { incident } = await raise(t.core, { title: 'Ticked', type: 'reputation', criteria: {} }, origin);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => setStepDone(t.core, incident, 3, true, { id: `u${i}`, name: `User ${i}` })),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const events = await t.core.db.m.Timeline.find({ incidentKey: incident.key, type: 'step.done' }).lean();
    expect(events).toHaveLength(1);
    const step = await t.core.db.m.Step.findOne({ incidentKey: incident.key, n: 3 }).lean();
    expect(step?.status).toBe('done');
    expect(step?.doneBy?.name).toBe(events[0]!.actor);
  });

  it('treats a repeated delivery of the same raise as one incident', async () => {
    const input = { title: 'Retried', type: 'reputation', criteria: {} };
    const [a, b] = await Promise.all([raise(t.core, input, { ...origin, eventKey: 'V123' }), raise(t.core, input, { ...origin, eventKey: 'V123' })]);
    expect(a.incident.key).toBe(b.incident.key);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
  });

  it('keeps every tick made while a level change re-times the same steps: each step done once, its deadlines consistent', async () => {
    const { incident } = await raise(t.core, { title: 'Re-timed while ticked', type: 'supply-chain', criteria: {} }, origin);
    const ns = [1, 2, 3, 4, 5];
    const [level, ...ticks] = await Promise.all([
      changeLevel(t.core, incident, 3, 'spreading', { id: 'lead', name: 'Lead' }),
      ...ns.map((n) => setStepDone(t.core, incident, n, true, { id: `u${n}`, name: `User ${n}` })),
    ]);
    expect(level.changed).toBe(true);
    expect(ticks.every((r) => r.changed)).toBe(true);
    const after = (await findIncident(t.core.db, incident.key))!;
    const steps = await stepsOf(t.core.db, after);
    for (const n of ns) expect(steps[n - 1]!.status).toBe('done');
    const done = await t.core.db.m.Timeline.find({ incidentKey: incident.key, type: 'step.done' }).lean();
    expect(done.map((e) => (e.data as { n: number }).n).sort()).toEqual(ns);
    expect(after.openDue.map((d) => d.getTime()).sort()).toEqual(steps.filter((s) => s.status === 'open').map((s) => s.dueAt.getTime()).sort());
  });
});
