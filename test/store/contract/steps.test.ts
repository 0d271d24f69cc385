import { describe, expect, it } from 'vitest';
import { findStep, insertSteps, stepsOf, writeStep, writeStepAt } from '../../../src/store/steps.ts';
import { externalUri, useTestDb } from '../../support/core.ts';
import { at, burst, rita, step } from './fixtures.ts';

const testDb = useTestDb();

/*
 * MongoDB applies a filtered update atomically: of concurrent writers at one version exactly one is
 * told it wrote. FerretDB 1.24 (the embedded database) applies it as read-then-write, so there two
 * may both be told so, the later write standing whole (docs/ARCHITECTURE.md, "Store contract").
 * The stronger promise is checked where an operator proves their server: on MONGODB_URI.
 */
const atomicUpdates = Boolean(externalUri());

describe('checklist steps (store/steps.ts)', () => {
  it('insert a checklist once: inserting it again (a resumed raise) leaves the steps as they are', async () => {
    const db = await testDb.connect('steps');
    await insertSteps(db, [step('INC-S1', 1), step('INC-S1', 2), step('INC-S1', 3)]);
    await writeStep(db, 'INC-S1', 2, { status: 'done', version: 1, doneBy: rita });
    await insertSteps(db, [step('INC-S1', 1), step('INC-S1', 2), step('INC-S1', 3), step('INC-S1', 4)]);
    const steps = await stepsOf(db, { key: 'INC-S1', stepCount: 4 });
    expect(steps.map((s) => [s.n, s.status, s.version])).toEqual([
      [1, 'open', 0],
      [2, 'done', 1],
      [3, 'open', 0],
      [4, 'open', 0],
    ]);
    expect(await findStep(db, 'INC-S1', 9)).toBeNull();
    await db.close();
  });

  it('write a step only at the version it was read at: of 20 concurrent writers one write stands whole, a re-run writes nothing', async () => {
    const db = await testDb.connect('steps');
    await insertSteps(db, [step('INC-S2', 1)]);
    const wrote = await burst(20, (i) => writeStepAt(db, 'INC-S2', 1, 0, { status: 'done', version: 1, doneBy: { id: `u${i}`, name: `User ${i}` }, doneAt: at(i) }));
    if (atomicUpdates) expect(wrote.filter(Boolean)).toHaveLength(1);
    const done = await findStep(db, 'INC-S2', 1);
    const winner = Number(done?.doneBy?.id.slice(1));
    // One writer's write, not a mix of two, by a writer told it wrote.
    expect(done).toMatchObject({ status: 'done', version: 1, doneBy: { id: `u${winner}`, name: `User ${winner}` }, doneAt: at(winner) });
    expect(wrote[winner]).toBe(true);
    // The same write again (a resumed operation) finds version 1 and changes nothing.
    expect(await writeStepAt(db, 'INC-S2', 1, 0, { status: 'done', version: 1, doneBy: rita })).toBe(false);
    expect((await findStep(db, 'INC-S2', 1))?.doneBy).toEqual(done?.doneBy);
    // Reopened at version 1, with the done fields removed.
    expect(await writeStepAt(db, 'INC-S2', 1, 1, { status: 'open', version: 2 }, ['doneBy', 'doneAt'])).toBe(true);
    const reopened = await findStep(db, 'INC-S2', 1);
    expect(reopened).toMatchObject({ status: 'open', version: 2 });
    expect(reopened?.doneBy).toBeUndefined();
    expect(reopened?.doneAt).toBeUndefined();
    await db.close();
  });
});
