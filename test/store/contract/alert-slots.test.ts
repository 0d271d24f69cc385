import { describe, expect, it } from 'vitest';
import { SLOT_COUNT, slotFor, slotName, slotsOfMinutes } from '../../../src/store/alert-slots.ts';
import { useTestDb } from '../../support/core.ts';

const testDb = useTestDb();

const slotCollections = async (db: Awaited<ReturnType<typeof testDb.connect>>) =>
  (await db.conn.db!.listCollections({ name: { $regex: '^alert_slots_' } }, { nameOnly: true }).toArray()).map((c) => c.name).sort();

describe('the alert slots', () => {
  it('are created at connect, 64 of them, each with the dueAt index the sweep queries by; connecting again creates none', async () => {
    const db = await testDb.connect('slots');
    const names = await slotCollections(db);
    expect(names).toEqual(Array.from({ length: SLOT_COUNT }, (_, i) => slotName(i)));
    expect(names[0]).toBe('alert_slots_00');
    expect(names.at(-1)).toBe('alert_slots_63');
    for (const name of [names[0]!, names[37]!, names[63]!]) {
      const indexes = await db.conn.db!.collection(name).listIndexes().toArray();
      expect(indexes.map((i) => i.key)).toContainEqual({ dueAt: 1 });
    }
    const again = await testDb.connect('slots');
    expect(await slotCollections(again)).toEqual(names);
    await again.close();
    await db.close();
  });

  it('place an alert by its due minute, an alert already due in the current minute, and wrap round the ring', () => {
    const now = new Date('2026-11-28T10:00:30Z');
    const minute = (m: number) => new Date(now.getTime() + m * 60_000);
    expect(slotFor(minute(5), now)).toBe((slotFor(now, now) + 5) % SLOT_COUNT);
    expect(slotFor(minute(-30), now)).toBe(slotFor(now, now));
    expect(slotFor(minute(64), now)).toBe(slotFor(now, now));
    expect(slotsOfMinutes(62, 66)).toEqual([62, 63, 0, 1, 2]);
    // A span of a ring turn or more is the whole ring, oldest minute first.
    const ring = slotsOfMinutes(0, 100);
    expect(new Set(ring).size).toBe(SLOT_COUNT);
    expect(ring[0]).toBe(37);
    expect(ring.at(-1)).toBe(36);
  });
});
