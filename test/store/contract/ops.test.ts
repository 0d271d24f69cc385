import { describe, expect, it } from 'vitest';
import { claim, takeLease } from '../../../src/store/claims.ts';
import { awaitOp, beginOp, finishOp, OP_LEASE_MS, readOp, staleOps } from '../../../src/store/ops.ts';
import { testClock, useTestDb } from '../../support/core.ts';
import { burst } from './fixtures.ts';

const testDb = useTestDb();

async function store() {
  const db = await testDb.connect('ops');
  const clock = testClock();
  db.now = clock.now;
  return { db, clock };
}

describe('operations that write more than once (store/ops.ts)', () => {
  it('run once: the first beginOp runs it, others meanwhile are busy, and after finishOp every attempt gets its result', async () => {
    const { db } = await store();
    const first = await beginOp(db, 'raise:V1', 'raise', { title: 'Fire' });
    expect(first).toMatchObject({ state: 'run', intent: { title: 'Fire' }, resumed: false, lease: { gen: 0 } });
    expect(await readOp(db, 'raise:V1')).toEqual({ title: 'Fire' });
    expect(await beginOp(db, 'raise:V1', 'raise', { title: 'Fire' })).toEqual({ state: 'busy' });
    await finishOp(db, 'raise:V1', 'INC-20261128-001');
    expect(await beginOp(db, 'raise:V1', 'raise', { title: 'Fire' })).toEqual({ state: 'done', result: 'INC-20261128-001' });
    expect(await awaitOp(db, 'raise:V1', 1)).toBe('INC-20261128-001');
    // The intent is removed once done: recovery has nothing left to do.
    expect(await readOp(db, 'raise:V1')).toBeUndefined();
    await db.close();
  });

  it('let exactly one of 20 concurrent attempts run an operation', async () => {
    const { db } = await store();
    const outcomes = await burst(20, (i) => beginOp(db, 'tick:INC-1:3', 'tick', { by: `u${i}` }));
    const runs = outcomes.filter((o) => o.state === 'run');
    expect(runs).toHaveLength(1);
    expect(outcomes.filter((o) => o.state === 'busy')).toHaveLength(19);
    // The intent recorded is the runner's own.
    expect(await readOp(db, 'tick:INC-1:3')).toEqual((runs[0] as { intent: unknown }).intent);
    await db.close();
  });

  it('resume an operation whose holder went quiet past its lease, with the intent that holder recorded, not the new one', async () => {
    const { db, clock } = await store();
    expect(await beginOp(db, 'level:INC-2', 'level', { to: 3 })).toMatchObject({ state: 'run', resumed: false });
    // The holder died after recording its intent; within the lease nobody else may run it.
    clock.advance(OP_LEASE_MS - 1);
    expect(await beginOp(db, 'level:INC-2', 'level', { to: 4 })).toEqual({ state: 'busy' });
    clock.advance(2);
    const resumed = await beginOp(db, 'level:INC-2', 'level', { to: 4 });
    expect(resumed).toMatchObject({ state: 'run', intent: { to: 3 }, resumed: true, lease: { gen: 1, takeover: true } });
    // The one who resumed dies too: the next generation resumes it again, intent kept.
    clock.advance(OP_LEASE_MS + 1);
    expect(await beginOp(db, 'level:INC-2', 'level', { to: 5 })).toMatchObject({ state: 'run', intent: { to: 3 }, resumed: true, lease: { gen: 2 } });
    await finishOp(db, 'level:INC-2');
    expect(await beginOp(db, 'level:INC-2', 'level', { to: 5 })).toEqual({ state: 'done', result: undefined });
    await db.close();
  });

  it('start afresh when the holder died before recording its intent', async () => {
    const { db, clock } = await store();
    // Only the lease was taken (the intent's insert never happened): op:<key> alone.
    expect(await takeLease(db, 'op:fact:INC-3:V9', OP_LEASE_MS)).toMatchObject({ gen: 0 });
    clock.advance(OP_LEASE_MS + 1);
    expect(await beginOp(db, 'fact:INC-3:V9', 'fact', { text: 'new' })).toMatchObject({ state: 'run', intent: { text: 'new' }, resumed: false });
    expect(await readOp(db, 'fact:INC-3:V9')).toEqual({ text: 'new' });
    await db.close();
  });

  it('give awaitOp the result once another attempt finishes, and false while it stays unfinished', async () => {
    const { db } = await store();
    await beginOp(db, 'raise:V2', 'raise', {});
    expect(await awaitOp(db, 'raise:V2', 2)).toBe(false);
    const waiting = awaitOp(db, 'raise:V2');
    await finishOp(db, 'raise:V2', 'INC-20261128-002');
    expect(await waiting).toBe('INC-20261128-002');
    await db.close();
  });

  it('list for recovery the unfinished operations older than the lease, and clean away those done whose intent was left behind', async () => {
    const { db, clock } = await store();
    await beginOp(db, 'stale:unfinished', 'tick', { n: 1 });
    await beginOp(db, 'stale:done', 'tick', { n: 2 });
    // finishOp cut short: the done mark written, the intent not yet removed.
    await claim(db, 'done:stale:done', 'ok');
    clock.advance(OP_LEASE_MS + 1);
    await beginOp(db, 'stale:fresh', 'tick', { n: 3 });
    const stale = await staleOps(db);
    const mine = stale.filter((s) => s.key.startsWith('stale:'));
    expect(mine.map((s) => [s.key, s.kind, s.intent])).toEqual([['stale:unfinished', 'tick', { n: 1 }]]);
    expect(await readOp(db, 'stale:done')).toBeUndefined();
    // The fresh one is still in its first attempt's lease; it shows up once that lease ran out.
    expect(await readOp(db, 'stale:fresh')).toEqual({ n: 3 });
    clock.advance(OP_LEASE_MS + 1);
    expect((await staleOps(db)).map((s) => s.key).filter((k) => k.startsWith('stale:')).sort()).toEqual(['stale:fresh', 'stale:unfinished']);
    await db.close();
  });
});
