import { describe, expect, it } from 'vitest';
import { allocatedOf, lastMovement, moveStock, movementsOf } from '../../../src/store/stock.ts';
import { testClock, useTestDb } from '../../support/core.ts';
import { burst } from './fixtures.ts';

const testDb = useTestDb();

let n = 0;
async function store() {
  resource = `kits-${++n}`;
  const db = await testDb.connect('stock');
  db.now = testClock().now;
  return db;
}

// One database for the file: each test has a resource of its own.
let resource = 'kits-0';
const kits = (op: string, delta: number, incidentKey = 'INC-1') => ({ resource, delta, op, incidentKey });

describe('the shared resource stock (store/stock.ts)', () => {
  it('allocates and gives back against what is on hand, and tells the one who asks too much what is left', async () => {
    const db = await store();
    expect(await moveStock(db, kits('a1', 10), 20)).toMatchObject({ ok: true, again: false, entry: { seq: 1, allocated: 10 } });
    expect(await moveStock(db, kits('a2', 8, 'INC-2'), 20)).toMatchObject({ ok: true, entry: { seq: 2, allocated: 18 } });
    expect(await moveStock(db, kits('a3', 5), 20)).toEqual({ ok: false, allocated: 18, available: 2 });
    expect(await moveStock(db, kits('r1', -3), 20)).toMatchObject({ ok: true, entry: { seq: 3, allocated: 15 } });
    // More back than is out is refused too.
    expect(await moveStock(db, kits('r2', -16), 20)).toEqual({ ok: false, allocated: 15, available: 5 });
    expect(await allocatedOf(db, resource)).toBe(15);
    expect((await movementsOf(db, resource)).map((m) => [m.op, m.delta, m.allocated])).toEqual([['a1', 10, 10], ['a2', 8, 18], ['r1', -3, 15]]);
    expect(await allocatedOf(db, 'backup-generators')).toBe(0);
    await db.close();
  });

  it('never allocates past the stock when 20 approvals of 3 kits race for 20 kits: six win, the rest are told what is left', async () => {
    const db = await store();
    const results = await burst(20, (i) => moveStock(db, kits(`race:${i}`, 3, `INC-${i % 2}`), 20));
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(6);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, available: expect.any(Number) });
    expect(await allocatedOf(db, resource)).toBe(18);
    const seqs = (await movementsOf(db, resource)).map((m) => m.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    await db.close();
  });

  it('makes one movement per operation: the same operation resumed after a crash gets the movement it made', async () => {
    const db = await store();
    const first = await moveStock(db, kits('approve:R7', 4), 20);
    await moveStock(db, kits('approve:R8', 2), 20);
    const again = await moveStock(db, kits('approve:R7', 4), 20);
    expect(again).toEqual({ ...first, again: true });
    // Resumed in five processes at once: still one movement.
    const many = await burst(5, () => moveStock(db, kits('approve:R9', 1), 20));
    expect(many.every((r) => r.ok)).toBe(true);
    expect(await allocatedOf(db, resource)).toBe(7);
    expect((await movementsOf(db, resource)).map((m) => m.op)).toEqual(['approve:R7', 'approve:R8', 'approve:R9']);
    await db.close();
  });

  it('finds the last movement by reading forward from a stale hint', async () => {
    const db = await store();
    for (let i = 1; i <= 4; i++) await moveStock(db, kits(`m${i}`, 1), 20);
    await db.m.StockHint.updateOne({ _id: resource }, { $set: { seq: 1 } });
    expect(await lastMovement(db, resource)).toMatchObject({ seq: 4, allocated: 4 });
    // A hint past the end (its entries gone) starts over.
    await db.m.StockHint.updateOne({ _id: resource }, { $set: { seq: 99 } });
    expect(await lastMovement(db, resource)).toMatchObject({ seq: 4 });
    await db.close();
  });
});
