import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raise, setStepDone } from '../../src/incidents/service.ts';
import type { Core } from '../../src/core.ts';
import { connectDb, makeCore, startTestDb } from '../support/core.ts';

let db: Awaited<ReturnType<typeof startTestDb>>;
let core: Core;
beforeAll(async () => {
  db = await startTestDb();
  core = await makeCore(await connectDb(db.local.uri));
});
afterAll(async () => {
  await core?.db.close();
  await db?.stop();
});

const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };

describe('concurrency on the real store', () => {
  it('gives 50 concurrent raises 50 distinct keys', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => raise(core, { title: `Outage ${i}`, type: 'supply-chain', criteria: {} }, origin)),
    );
    const keys = results.map((r) => r.incident.key);
    expect(new Set(keys).size).toBe(50);
    expect(await core.db.m.Incident.countDocuments()).toBe(50);
  }, 180_000);

  it('gives 20 concurrent ticks of one step one change and one done event', async () => {
    const { incident } = await raise(core, { title: 'Ticked', type: 'reputation', criteria: {} }, origin);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => setStepDone(core, incident, 3, true, { id: `u${i}`, name: `User ${i}` })),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const events = await core.db.m.Timeline.find({ incidentKey: incident.key, type: 'step.done' }).lean();
    expect(events).toHaveLength(1);
    const step = await core.db.m.Step.findOne({ incidentKey: incident.key, n: 3 }).lean();
    expect(step?.status).toBe('done');
    expect(step?.doneBy?.name).toBe(events[0]!.actor);
  });

  it('treats a repeated delivery of the same raise as one incident', async () => {
    const input = { title: 'Retried', type: 'reputation', criteria: {} };
    const [a, b] = await Promise.all([raise(core, input, { ...origin, eventKey: 'V123' }), raise(core, input, { ...origin, eventKey: 'V123' })]);
    expect(a.incident.key).toBe(b.incident.key);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
  });
});
