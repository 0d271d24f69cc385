import { Collection } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import { claim, claimBatcher, claimMany, claimRef, isClaimed, leaseState, releaseClaim, setClaimRef, takeLease } from '../../../src/store/claims.ts';
import { testClock, useTestDb } from '../../support/core.ts';
import { burst } from './fixtures.ts';

const testDb = useTestDb();

/** One database for the file (keys differ per test); its leases expire on a clock the test moves. */
async function store() {
  const db = await testDb.connect('claims');
  const clock = testClock();
  db.now = clock.now;
  return { db, clock };
}

const LEASE = 30_000;

describe('claims and leases (store/claims.ts)', () => {
  it('let exactly one of 50 concurrent claims of a key through, and remember what it led to', async () => {
    const { db } = await store();
    const won = await burst(50, () => claim(db, 'delivery:V1', 'INC-1'));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await isClaimed(db, 'delivery:V1')).toBe(true);
    expect(await claimRef(db, 'delivery:V1')).toBe('INC-1');
    await setClaimRef(db, 'delivery:V1', 'INC-2');
    expect(await claimRef(db, 'delivery:V1')).toBe('INC-2');
    // Released, the key can be claimed again.
    await releaseClaim(db, 'delivery:V1');
    expect(await isClaimed(db, 'delivery:V1')).toBe(false);
    expect(await claim(db, 'delivery:V1')).toBe(true);
    expect(await claimRef(db, 'never-claimed')).toBeUndefined();
    await db.close();
  });

  it('batch first-sight claims: a burst is answered in a few inserts, each key first seen exactly once', async () => {
    const { db } = await store();
    expect(await claimMany(db, ['seen:before'])).toEqual(new Set());
    expect(await claimMany(db, ['seen:before', 'seen:new'])).toEqual(new Set(['seen:before']));
    const firstSight = claimBatcher(db);
    const inserts = vi.spyOn(Collection.prototype, 'insertMany');
    try {
      // 60 requests at once: 20 keys asked three times each, one of them claimed before.
      const keys = Array.from({ length: 60 }, (_, i) => (i % 20 === 0 ? 'seen:before' : `burst:${i % 20}`));
      const answers = await Promise.all(keys.map((k) => firstSight(k)));
      const firsts = keys.filter((_, i) => answers[i]);
      expect(firsts.toSorted()).toEqual(Array.from({ length: 19 }, (_, i) => `burst:${i + 1}`).toSorted());
      expect(inserts.mock.calls.length).toBeLessThanOrEqual(2);
      // Later sights of the same keys are replays.
      expect(await firstSight('burst:3')).toBe(false);
      expect(await isClaimed(db, 'burst:19')).toBe(true);
    } finally {
      inserts.mockRestore();
      await db.close();
    }
  });

  it('give a fresh lease to its first taker, refuse it while held, and let one taker in once it went stale', async () => {
    const { db, clock } = await store();
    expect(await leaseState(db, 'work:A', LEASE)).toBe('free');
    expect(await takeLease(db, 'work:A', LEASE)).toEqual({ base: 'work:A', key: 'work:A', gen: 0, takeover: false });
    expect(await leaseState(db, 'work:A', LEASE)).toBe('held');
    clock.advance(LEASE);
    // Still within the lease at exactly its length.
    expect(await takeLease(db, 'work:A', LEASE)).toBe(false);
    clock.advance(1);
    expect(await leaseState(db, 'work:A', LEASE)).toBe('stale');
    // Ten processes find the holder gone quiet at once: one takes over.
    const takers = await burst(10, () => takeLease(db, 'work:A', LEASE));
    expect(takers.filter(Boolean)).toEqual([{ base: 'work:A', key: 'work:A:t1', gen: 1, takeover: true }]);
    expect(await takeLease(db, 'work:A', LEASE)).toBe(false);
    await db.close();
  });

  it('take a lease over again when each taker dies in turn, one generation each, never two holders at once', async () => {
    const { db, clock } = await store();
    expect(await takeLease(db, 'work:B', LEASE)).toMatchObject({ gen: 0 });
    for (let gen = 1; gen <= 4; gen++) {
      // The holder of the previous generation died: nothing moves until its lease runs out.
      expect(await takeLease(db, 'work:B', LEASE)).toBe(false);
      clock.advance(LEASE + 1);
      const takers = await burst(5, () => takeLease(db, 'work:B', LEASE));
      expect(takers.filter(Boolean)).toEqual([{ base: 'work:B', key: `work:B:t${gen}`, gen, takeover: true }]);
    }
    await db.close();
  });

  it('keep leases of different keys apart', async () => {
    const { db } = await store();
    expect(await takeLease(db, 'work:C', LEASE)).toMatchObject({ gen: 0 });
    expect(await takeLease(db, 'work:D', LEASE)).toMatchObject({ gen: 0 });
    expect(await leaseState(db, 'work:E', LEASE)).toBe('free');
    await db.close();
  });
});
