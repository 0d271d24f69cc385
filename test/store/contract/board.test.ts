import { describe, expect, it } from 'vitest';
import { boardAdd, boardRemove, readBoard } from '../../../src/store/board.ts';
import { useTestDb } from '../../support/core.ts';
import { at, burst } from './fixtures.ts';

const testDb = useTestDb();

const key = (i: number) => `INC-20261128-${String(i + 1).padStart(3, '0')}`;

describe('the open-incident board (store/board.ts)', () => {
  it('keeps every one of 20 concurrent adds and 10 concurrent removes, each incident once', async () => {
    const db = await testDb.connect('board');
    expect(await readBoard(db)).toEqual([]);
    await burst(20, (i) => boardAdd(db, { key: key(i), raisedAt: at(i), scope: 'shell:local' }));
    expect((await readBoard(db)).map((e) => e.key).sort()).toEqual(Array.from({ length: 20 }, (_, i) => key(i)));
    // Removes of the even ones, racing adds of ones already there (a resumed raise): no-ops.
    await Promise.all([...Array.from({ length: 10 }, (_, i) => boardRemove(db, key(2 * i))), ...Array.from({ length: 5 }, (_, i) => boardAdd(db, { key: key(2 * i + 1), raisedAt: at(0) }))]);
    const left = await readBoard(db);
    expect(left.map((e) => e.key).sort()).toEqual(Array.from({ length: 10 }, (_, i) => key(2 * i + 1)));
    expect(left.find((e) => e.key === key(1))).toEqual({ key: key(1), raisedAt: at(1), scope: 'shell:local' });
    // Removing one not there changes nothing.
    await boardRemove(db, key(0));
    expect(await readBoard(db)).toHaveLength(10);
    await db.close();
  }, 120_000);
});
