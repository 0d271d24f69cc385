import { describe, expect, it } from 'vitest';
import { addFact, changeLevel, verifyFact } from '../../src/assessment/service.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { eventDocId, incidentWithHistory, useAuditedDb } from './support.ts';

const t = useAuditedDb();
const ben = { id: 'b', name: 'Ben' };

describe('crisis-bot audit: the stored state must be what the timeline says', () => {
  it('agrees with an incident whose level, phase and facts all moved through the services', async () => {
    const { core, audit } = await t.fresh();
    const incident = await incidentWithHistory(core);
    await changeLevel(core, incident, 1, 'spreading', { id: 'rita', name: 'Rita' });
    await changePhase(core, incident, 'assess', { id: 'rita', name: 'Rita' }, undefined, 'the open steps are tracked in the site log');
    await addFact(core, incident, { what: 'Server room flooded', source: 'on-site', confidence: 'high' }, ben);
    await verifyFact(core, incident, 'F1', { id: 'a', name: 'Ann' });
    const { report, text } = await audit();
    expect(text).toContain(`${incident.key}: OK`);
    expect(report.checked.facts).toBe(1);
    expect(report.ok).toBe(true);
  });

  it('finds a step marked done in the checklist while the timeline last reopened it', async () => {
    const { core, audit, raw } = await t.fresh();
    const { key } = await incidentWithHistory(core);
    await raw('steps').updateOne({ _id: `${key}:1` } as never, { $set: { status: 'done' } });
    const { text } = await audit();
    expect(text).toContain(`${key} event 4 [state.step]: step 1 is done in the checklist, but the timeline's last word on it is step.reopened (event 4)`);
    expect(text).toContain("means: a step's state is not what the timeline says");
  });

  it('finds a step still done after its step.done event was deleted', async () => {
    const { core, audit, raw } = await t.fresh();
    const { key } = await incidentWithHistory(core);
    // Step 2 was done at event 3; the event goes, the step stays done.
    await raw('timeline').deleteOne({ _id: eventDocId(key, 3) } as never);
    const { report, text } = await audit();
    expect(report.incidents[0]!.findings).toContainEqual(expect.objectContaining({ kind: 'chain.broken', seq: 3 }));
    expect(text).toContain(`${key} [state.step]: step 2 is done in the checklist, but the timeline has no step.done for it`);
  });

  it('finds a level, a phase and a fact changed in the database without their events', async () => {
    const { core, audit, raw } = await t.fresh();
    const incident = await incidentWithHistory(core);
    await addFact(core, incident, { what: 'Server room flooded', source: 'on-site', confidence: 'high' }, ben);
    await raw('incidents').updateOne({ _id: incident.key } as never, { $set: { level: 1, status: 'control', 'facts.0.status': 'verified' } });
    const { text } = await audit();
    expect(text).toContain(`${incident.key} event 1 [state.level]: the incident is at level 1, but its last level event (incident.raised, event 1) set level ${incident.level}`);
    expect(text).toContain(`${incident.key} [state.phase]: the incident is in phase control, but its timeline never moved it from identify`);
    expect(text).toContain(`${incident.key} event 5 [state.fact]: fact F1 v1 is verified on the fact sheet, but the timeline's last word on it is fact.added (event 5)`);
  });
});
