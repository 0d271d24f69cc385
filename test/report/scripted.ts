import type { Core } from '../../src/core.ts';
import { addFact, assessImpact, changeLevel, disputeFact, verifyFact } from '../../src/assessment/service.ts';
import { acknowledge } from '../../src/incidents/deadlines.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';

export const T0 = new Date('2026-11-28T10:00:00Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const KEY = 'INC-20261128-001';
export const ALICE = { id: 'alice', name: 'Alice Placeholder' };
export const BOB = { id: 'bob', name: 'Bob Placeholder' };
export const DAVE = { id: 'dave', name: 'Dave Placeholder' };
export const ERIN = { id: 'erin', name: 'Erin Placeholder' };
export const FRANK = { id: 'frank', name: 'Frank Placeholder' };
const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };

/**
 * A level-2 safety accident raised at 10:00 UTC and run to review, on a clock the script moves:
 *  - 10:10 step 1 done (due 10:15: on time); 10:12 Alice acknowledges (time to acknowledge 12 min);
 *  - facts F1 (verified) and F2 (disputed); an impact assessment with a direct loss of 250000 CNY;
 *  - 10:31 step 2 (due 10:30) alerts its owner, 10:46 escalates to the lead (1 alert, 1 escalation);
 *    10:50 step 2 done (late by 20 min); 11:10 respond, 11:20 control (time to control 1 h 20 min);
 *  - 11:25 step 6 done (due 11:00: late by 25 min); 11:30 level 2 → 3, which re-times the open
 *    steps to level 3 from the raise: steps 3 and 9 fall due at 12:00, the rest at 14:00 or later;
 *  - 11:50 resolve, 11:55 review (time to resolve 1 h 55 min); no statement is published.
 * The report is taken at 13:00: due steps are 1, 2, 6 (done) and 3, 9 (overdue by 1 h): 1 of 5 on time, 20 %.
 */
export async function scriptedIncident(core: Core, clock: { set(d: Date): void }): Promise<Incident> {
  clock.set(T0);
  const { incident: raised } = await raise(core, { title: 'Warehouse fire, building 3', type: 'safety-accident', location: 'Building 3', criteria: { people_affected: 12 } }, origin);
  const key = raised.key;
  const fresh = async () => (await findIncident(core.db, key))!;
  const step = async (minutes: number, n: number, who: typeof ALICE) => {
    clock.set(at(minutes));
    await setStepDone(core, await fresh(), n, true, who);
  };
  await step(10, 1, DAVE);
  clock.set(at(12));
  await acknowledge(core, await fresh(), ALICE);
  clock.set(at(20));
  await addFact(core, await fresh(), { what: 'Fire started in the loading bay', source: 'on-site', confidence: 'high' }, BOB);
  clock.set(at(22));
  await verifyFact(core, await fresh(), 'F1', ALICE);
  clock.set(at(24));
  await addFact(core, await fresh(), { what: 'One delivery truck was inside', source: 'interview', confidence: 'medium' }, BOB);
  clock.set(at(26));
  await disputeFact(core, await fresh(), 'F2', 'Witness saw two trucks', ALICE);
  clock.set(at(28));
  const scores = { operations: { score: 3 }, finance: { score: 2 }, reputation: { score: 1 }, personnel: { score: 2 } };
  await assessImpact(core, await fresh(), { scores, directLoss: { amount: 250000, currency: 'CNY' }, indirectLoss: { estimate: 80000, currency: 'CNY' }, criteria: {} }, FRANK);
  clock.set(at(31));
  await sweep(core);
  clock.set(at(46));
  await sweep(core);
  await step(50, 2, BOB);
  const phase = async (minutes: number, to: Parameters<typeof changePhase>[2]) => {
    clock.set(at(minutes));
    await changePhase(core, await fresh(), to, ALICE, undefined, to === 'review' ? 'root cause is in the site report' : undefined);
  };
  await phase(70, 'respond');
  await phase(80, 'control');
  await step(85, 6, ERIN);
  clock.set(at(90));
  await changeLevel(core, await fresh(), 3, 'Injuries less serious than first reported', ALICE);
  await phase(110, 'resolve');
  await phase(115, 'review');
  clock.set(at(180));
  return fresh();
}
