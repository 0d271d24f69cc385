import { describe, expect, it } from 'vitest';
import { raise } from '../../src/incidents/service.ts';
import type { PlanChange } from '../../src/plans/model.ts';
import { proposePlanChange } from '../../src/plans/service.ts';
import { listProposals } from '../../src/plans/store.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';

// Proposal ids are global (P1, P2…) and decided by the unique _id: proposals made at the same
// moment, from one process or several, each get their own; the same delivery twice makes one.

const testDb = useTestDb();
const alice = { id: 'alice', name: 'Alice Placeholder' };
const change = (owner: string): PlanChange => ({ kind: 'change-owner', step: 'legal-review', at: 4, owner });
const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };

describe('plan-change proposals in the store', () => {
  it('gives concurrent proposals from two processes distinct, dense ids', async () => {
    const clock = testClock();
    const one = await makeCore(await connectDb(testDb.uri('proposals_concurrent')), { now: clock.now });
    const two = await makeCore(await connectDb(testDb.uri('proposals_concurrent')), { now: clock.now });
    const { incident } = await raise(one, { title: 'Rumour online', type: 'reputation', criteria: {} }, origin);
    const owners = ['comms', 'crisis_lead', 'executive', 'crisis_expert', 'monitoring_leader', 'security', 'operations', 'technical_expert'];
    const made = await Promise.all(owners.map((o, k) => proposePlanChange(k % 2 ? two : one, incident, 'reputation', change(o), `why ${k}`, alice)));
    expect(made.map((m) => m.id).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(owners.map((_, k) => `P${k + 1}`));
    const stored = await listProposals(one.db);
    expect(stored.map((p) => (p.change as { owner: string }).owner).sort()).toEqual([...owners].sort());
    expect((await readTimeline(one.db, incident.key)).filter((e) => e.type === 'plan.proposed').length).toBe(owners.length);
    await one.db.close();
    await two.db.close();
  });

  it('makes one proposal of the same delivery twice, even at the same moment', async () => {
    const clock = testClock();
    const core = await makeCore(await connectDb(testDb.uri('proposals_once')), { now: clock.now });
    const { incident } = await raise(core, { title: 'Rumour online', type: 'reputation', criteria: {} }, origin);
    const [a, b] = await Promise.all([1, 2].map(() => proposePlanChange(core, incident, 'reputation', change('comms'), 'legal was away', alice, 'view-42')));
    const again = await proposePlanChange(core, incident, 'reputation', change('comms'), 'legal was away', alice, 'view-42');
    expect(new Set([a!.id, b!.id, again.id])).toEqual(new Set(['P1']));
    expect([a!.duplicate, b!.duplicate].sort()).toEqual([false, true]);
    expect(again.duplicate).toBe(true);
    expect((await listProposals(core.db)).length).toBe(1);
    await core.db.close();
  });
});
