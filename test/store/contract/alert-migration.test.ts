import { describe, expect, it } from 'vitest';
import { firstStepAlert, type Alert } from '../../../src/domain/escalation.ts';
import { migrateOldAlerts } from '../../../src/store/alert-migration.ts';
import { slotFor, slotName } from '../../../src/store/alert-slots.ts';
import { pendingAlerts } from '../../../src/store/alerts.ts';
import type { Db } from '../../../src/store/connect.ts';
import { useTestDb } from '../../support/core.ts';

// Earlier versions kept pending alerts in `alerts_YYYYMMDDHHmm` (one collection per due minute,
// UTC) and before that in one `alerts` collection; on start they move into the slots.

const testDb = useTestDb();

const MIN = 60_000;
const T0 = new Date('2026-11-28T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const ladder = [{ after: 0, notify: 'owners' }];
const alert = (key: string, n: number, dueMinute: number): Alert => firstStepAlert(key, { n, version: 0, dueAt: at(dueMinute) }, ladder);
/** The previous version's bucket name for a minute after 10:00. */
const bucket = (minutes: number) => `alerts_${at(minutes).toISOString().slice(0, 16).replace(/[-T:]/g, '')}`;
let databases = 0;

async function oldVersionDb(): Promise<Db> {
  const db = await testDb.connect(`migration_${++databases}`);
  const raw = db.conn.db!;
  await raw.collection(bucket(-30)).insertMany([alert('INC-A', 1, -30), alert('INC-A', 2, -30)] as never[]);
  await raw.collection(bucket(45)).insertOne(alert('INC-A', 3, 45) as never);
  await raw.collection(bucket(600)).insertOne(alert('INC-B', 1, 600) as never);
  await raw.collection('alerts').insertOne(alert('INC-C', 1, 20) as never);
  return db;
}

const names = async (db: Db) => (await db.conn.db!.listCollections({ name: { $regex: '^alerts' } }, { nameOnly: true }).toArray()).map((c) => c.name).sort();
const pending = async (db: Db) => (await pendingAlerts(db)).map((d) => [d.alert._id, d.alert.dueAt.toISOString(), d.slots]);

describe('moving alerts of an earlier version into the slots', () => {
  it('moves every old bucket and the legacy collection into the slots and drops those emptied; a second run changes nothing', async () => {
    const db = await oldVersionDb();
    // Started at 11:00: the buckets of past minutes go; 20:00's is emptied and kept until its minute is past (see below).
    const now = () => at(60);
    expect(await migrateOldAlerts(db, now)).toEqual({ moved: 5, dropped: ['alerts', bucket(-30), bucket(45)] });
    expect(await names(db)).toEqual([bucket(600)]);
    expect(await pending(db)).toEqual([
      // Already due: into the current minute's slot, as any alert scheduled late.
      ['alert:INC-A:step:1:v0:r0', at(-30).toISOString(), [slotFor(at(60), at(60))]],
      ['alert:INC-A:step:2:v0:r0', at(-30).toISOString(), [slotFor(at(60), at(60))]],
      ['alert:INC-C:step:1:v0:r0', at(20).toISOString(), [slotFor(at(60), at(60))]],
      ['alert:INC-A:step:3:v0:r0', at(45).toISOString(), [slotFor(at(60), at(60))]],
      ['alert:INC-B:step:1:v0:r0', at(600).toISOString(), [slotFor(at(600), at(60))]],
    ]);
    expect(await migrateOldAlerts(db, now)).toEqual({ moved: 0, dropped: [] });
    await db.close();
  });

  it('run again after a crash between the insert and the delete, leaves one copy of each alert', async () => {
    const db = await oldVersionDb();
    // The crashed run had inserted 10:45's alert into its slot and deleted nothing.
    await db.conn.db!.collection(slotName(slotFor(at(45), at(40)))).insertOne(alert('INC-A', 3, 45) as never);
    const r = await migrateOldAlerts(db, () => at(40));
    expect(r.moved).toBe(5);
    const after = await pendingAlerts(db);
    expect(after.map((d) => d.alert._id)).toHaveLength(5);
    expect(after.every((d) => d.slots.length === 1)).toBe(true);
    await db.close();
  });

  it('empties a bucket whose minute is less than 10 minutes old but leaves it for a later run, as the previous version would not drop it yet', async () => {
    const db = await oldVersionDb();
    const r = await migrateOldAlerts(db, () => at(40));
    // 10:45 and 20:00 are ahead: a process of the previous version may still insert into them.
    expect(r.dropped).toEqual(['alerts', bucket(-30)]);
    expect(await names(db)).toEqual([bucket(45), bucket(600)]);
    expect(await db.conn.db!.collection(bucket(45)).countDocuments()).toBe(0);
    // An old process inserts into 10:45 meanwhile; the next run moves it, and drops the bucket once its minute is 10 minutes past.
    await db.conn.db!.collection(bucket(45)).insertOne(alert('INC-D', 1, 45) as never);
    expect(await migrateOldAlerts(db, () => at(56))).toEqual({ moved: 1, dropped: [bucket(45)] });
    expect((await pendingAlerts(db)).map((d) => d.alert._id)).toContain('alert:INC-D:step:1:v0:r0');
    await db.close();
  });
});
