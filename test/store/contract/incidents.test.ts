import { describe, expect, it } from 'vitest';
import { findIncident, incidentInRoom, incidentOfRaise, insertWithNextKey, recordRoom, updateIncident, updateIncidentOnce } from '../../../src/store/incidents.ts';
import { testClock, useTestDb } from '../../support/core.ts';
import { at, burst, newIncident } from './fixtures.ts';

const testDb = useTestDb();

/** One database for the file: tests that count keys each use a day of their own. */
async function store() {
  const db = await testDb.connect('incidents');
  const clock = testClock();
  db.now = clock.now;
  return { db, clock };
}

// updateIncident's lease on one revision (src/store/incidents.ts).
const LOCK_LEASE_MS = 30_000;

describe('incidents (store/incidents.ts)', () => {
  it('give concurrent raises distinct keys, numbered from 001 within their day', async () => {
    const { db } = await store();
    const raised = await burst(20, (i) => insertWithNextKey(db, at(0), newIncident(`Outage ${i}`)));
    const keys = raised.map((r) => r.key).sort();
    expect(keys).toEqual(Array.from({ length: 20 }, (_, i) => `INC-20261128-${String(i + 1).padStart(3, '0')}`));
    expect(raised.every((r) => r.rev === 0 && r.stepCount === 0)).toBe(true);
    // The next day starts again at 001.
    expect((await insertWithNextKey(db, at(24 * 60), newIncident('Next day'))).key).toBe('INC-20261129-001');
    expect((await findIncident(db, 'INC-20261128-007'))?.title).toMatch(/^Outage /);
    await db.close();
  });

  it('find the incident a crashed raise created by its operation, and number the next raise after it', async () => {
    const { db } = await store();
    const dec1 = at(3 * 24 * 60);
    // The raise wrote the incident; the crash came before the day's counter was moved (a state
    // only a crash makes, so written directly).
    await db.m.Incident.create({ ...newIncident('Crashed raise', { raiseOp: 'raise:V7', raisedAt: dec1 }), _id: 'INC-20261201-005', key: 'INC-20261201-005', stepCount: 0, openDue: [], rev: 0 });
    expect((await incidentOfRaise(db, 'raise:V7'))?.key).toBe('INC-20261201-005');
    expect(await incidentOfRaise(db, 'raise:V8')).toBeNull();
    expect((await insertWithNextKey(db, dec1, newIncident('After'))).key).toBe('INC-20261201-006');
    await db.close();
  });

  it('land all of 30 concurrent changes to one incident, one revision each', async () => {
    const { db } = await store();
    const { key } = await insertWithNextKey(db, at(0), newIncident('Busy'));
    await burst(30, (i) => updateIncident(db, key, (current) => ({ updateCount: (current.updateCount ?? 0) + 1, snoozes: [...(current.snoozes ?? []), { n: i, until: at(i) }] })));
    const after = await findIncident(db, key);
    expect(after?.updateCount).toBe(30);
    expect(after?.rev).toBe(30);
    expect(after?.snoozes?.map((s) => s.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await db.close();
  }, 120_000);

  it('let a holder that stalled past its lease change nothing with its stale write: it reads again and applies its change on top of the taker’s', async () => {
    const { db, clock } = await store();
    const { key } = await insertWithNextKey(db, at(0), newIncident('Stalled'));
    let wake!: () => void;
    const stalled = new Promise<void>((r) => (wake = r));
    const seen: number[] = [];
    // The holder reads rev 0, takes its lease and stalls inside its change…
    const holder = updateIncident(db, key, async (current) => {
      seen.push(current.rev);
      if (seen.length === 1) await stalled;
      return { status: 'review', updateCount: (current.updateCount ?? 0) + 1 };
    });
    while (!seen.length) await new Promise((r) => setTimeout(r, 5));
    // …its lease runs out on the store's clock, and another writer takes the revision over.
    clock.advance(LOCK_LEASE_MS + 1);
    const taker = await updateIncident(db, key, (current) => ({ lead: { id: 'alice', name: 'Alice' }, updateCount: (current.updateCount ?? 0) + 10 }));
    expect(taker.rev).toBe(1);
    wake();
    const late = await holder;
    // Its write under rev 0 matched nothing; it ran again on rev 1 and wrote rev 2.
    expect(seen).toEqual([0, 1]);
    expect(late.rev).toBe(2);
    const stored = await findIncident(db, key);
    expect(stored).toMatchObject({ rev: 2, status: 'review', lead: { id: 'alice', name: 'Alice' }, updateCount: 11 });
    await db.close();
  });

  it('apply a change once per operation key, however often the operation runs, giving back what it noted', async () => {
    const { db } = await store();
    const { key } = await insertWithNextKey(db, at(0), newIncident('Once'));
    let calls = 0;
    const addFact = (opKey: string) =>
      updateIncidentOnce(db, key, opKey, (current) => {
        calls++;
        const n = (current.updateCount ?? 0) + 1;
        return { set: { updateCount: n }, note: { number: n } };
      });
    expect((await addFact('fact:V1')).note).toEqual({ number: 1 });
    const again = await addFact('fact:V1');
    expect(again.note).toEqual({ number: 1 });
    expect(again.incident.updateCount).toBe(1);
    expect(calls).toBe(1);
    expect((await addFact('fact:V2')).note).toEqual({ number: 2 });
    // Concurrent repeats of one key apply it once.
    await burst(10, () => addFact('fact:V3'));
    expect((await findIncident(db, key))?.updateCount).toBe(3);
    expect(calls).toBe(3);
    await db.close();
  });

  it('find an incident by the room it runs in, per platform and workspace', async () => {
    const { db } = await store();
    const { key } = await insertWithNextKey(db, at(0), newIncident('Roomed'));
    await recordRoom(db, 'slack', 'T1', 'C9', key);
    expect((await incidentInRoom(db, 'slack', 'T1', 'C9'))?.key).toBe(key);
    expect(await incidentInRoom(db, 'slack', 'T2', 'C9')).toBeNull();
    expect(await incidentInRoom(db, 'discord', 'T1', 'C9')).toBeNull();
    await db.close();
  });
});
