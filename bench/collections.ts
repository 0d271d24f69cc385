import { instantiateChecklist } from '../src/domain/checklist.ts';
import type { LevelNumber } from '../src/playbook/schema.ts';
import { raiseAlerts, scheduleRaise } from '../src/scheduler/schedule.ts';
import { minuteOf, placementMinute } from '../src/store/alert-slots.ts';
import type { Incident } from '../src/store/incidents.ts';
import { benchCore, collectionCount, defaultPlaybook, withLocalDb } from './alert-seed.ts';

const RAISES = 1_000;
/** The raises are spread over a week: about 140 a day, every plan at every level in turn. */
const SPAN_MS = 7 * 24 * 3_600_000;
const START = new Date('2026-11-28T00:00:00Z');

/**
 * `npm run bench -- collections`: the database's collection count before and after 1,000
 * raises spread over the default plans and levels. Each raise schedules what `completeSetup`
 * schedules (scheduleRaise: every step's first rung, the acknowledgement, the first update
 * nudge) at its raise time; the rest of a raise writes into the fixed model collections. The
 * baseline, from the same alerts: the collections the per-minute design kept at the end (one per
 * distinct due minute still pending), and the ratio the Atlas M0/Flex cap allows.
 */
export async function benchCollections(): Promise<void> {
  const playbook = await defaultPlaybook();
  await withLocalDb(async (open) => {
    const db = await open('collections');
    let clock = START;
    const core = benchCore(db, playbook, () => clock);
    const before = await collectionCount(db);
    const minutes = new Set<number>();
    const t0 = performance.now();
    for (let i = 0; i < RAISES; i++) {
      const plan = playbook.plans[i % playbook.plans.length]!;
      const level = ((Math.floor(i / playbook.plans.length) % 4) + 1) as LevelNumber;
      const raisedAt = new Date(START.getTime() + Math.floor((i * SPAN_MS) / RAISES));
      clock = raisedAt;
      const levelDef = playbook.levels.find((l) => l.level === level)!;
      const incident = { key: `INC-BENCH-${i}`, level, raisedAt, ackDueAt: new Date(raisedAt.getTime() + levelDef.response.acknowledge) } as Incident;
      const steps = instantiateChecklist(plan, level, raisedAt).map((d) => ({ n: d.n, version: 0, dueAt: d.dueAt }));
      await scheduleRaise(core, incident, steps);
      for (const a of raiseAlerts(playbook, incident, steps)) minutes.add(placementMinute(a.dueAt, raisedAt));
    }
    const raiseMs = performance.now() - t0;
    const after = await collectionCount(db);
    const end = minuteOf(clock);
    const bucketsAtEnd = [...minutes].filter((m) => m >= end).length;
    console.log(`collections before: ${before}; after ${RAISES.toLocaleString('en')} raises over 7 days (${playbook.plans.length} plans × 4 levels): ${after} = ${(after / before).toFixed(2)}× (aim: constant); scheduling took ${(raiseMs / 1000).toFixed(1)} s`);
    console.log(
      `baseline, the per-minute design on the same alerts (first rungs only, so a lower bound): ${minutes.size.toLocaleString('en')} bucket collections over the week, ` +
        `${bucketsAtEnd.toLocaleString('en')} still pending at its end ` +
        `(+ ${before - 64} model collections) = ${((bucketsAtEnd + before - 64) / after).toFixed(1)}× this design's ${after}; Atlas M0/Flex allow 500`,
    );
  });
}
