import { describe, expect, it } from 'vitest';
import { firstStepAlert, type Alert } from '../../../src/domain/escalation.ts';
import { slotFor } from '../../../src/store/alert-slots.ts';
import { deleteAlerts, dueAlerts, findAlert, pendingAlerts, postponeAlert, scheduleAlerts, watchScheduled, type Due } from '../../../src/store/alerts.ts';
import { useTestDb } from '../../support/core.ts';

const testDb = useTestDb();

const MIN = 60_000;
const T0 = new Date('2026-11-28T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const slot = (minutes: number) => slotFor(at(minutes), at(minutes));
const alert = (n: number, dueMinute: number): Alert => firstStepAlert('INC-1', { n, version: 0, dueAt: at(dueMinute) }, [{ after: 0, notify: 'owners' }]);
let databases = 0;

describe('the pending alerts store', () => {
  it('tells this process’s watchers of each alert it stores or moves, with its slot, and stops when unsubscribed', async () => {
    const db = await testDb.connect(`alerts_${++databases}`);
    const seen: [string, string, number[]][] = [];
    const stop = watchScheduled(db, (dues) => seen.push(...dues.map((d): [string, string, number[]] => [d.alert._id, d.alert.dueAt.toISOString(), d.slots])));
    await scheduleAlerts(db, [alert(1, 15), alert(2, -5)], () => at(0));
    const [first] = await pendingAlerts(db);
    await postponeAlert(db, first!, at(40), () => at(16));
    stop();
    await scheduleAlerts(db, [alert(3, 20)], () => at(0));
    expect(seen).toEqual([
      ['alert:INC-1:step:1:v0:r0', at(15).toISOString(), [slot(15)]],
      // Already due: the current minute's slot.
      ['alert:INC-1:step:2:v0:r0', at(-5).toISOString(), [slot(0)]],
      ['alert:INC-1:step:2:v0:r0', at(40).toISOString(), [slot(40)]],
    ]);
    await db.close();
  });

  it('reads copies of one alert in two slots as one, the later due time winning, and deletes every copy by id', async () => {
    const db = await testDb.connect(`alerts_${++databases}`);
    await scheduleAlerts(db, [alert(1, 15), alert(2, 16)], () => at(0));
    // A move to 10:25 cut short: the copy in 10:15's slot is still there.
    await scheduleAlerts(db, [{ ...alert(1, 15), dueAt: at(25) }], () => at(0));
    const due = await dueAlerts(db, at(30));
    expect(due.map((d) => [d.alert._id, d.alert.dueAt.toISOString(), d.slots])).toEqual([
      ['alert:INC-1:step:2:v0:r0', at(16).toISOString(), [slot(16)]],
      ['alert:INC-1:step:1:v0:r0', at(25).toISOString(), [slot(15), slot(25)]],
    ]);
    // Only the slots asked: 10:15's copy alone is due at 10:20.
    expect((await dueAlerts(db, at(20), [slot(15)])).map((d) => d.alert.dueAt)).toEqual([at(15)]);
    await deleteAlerts(db, [due[1]!]);
    expect((await pendingAlerts(db)).map((d) => d.alert._id)).toEqual(['alert:INC-1:step:2:v0:r0']);
    await db.close();
  });

  it('re-reads one alert by id from the slots it was seen in, and finds nothing once it is gone', async () => {
    const db = await testDb.connect(`alerts_${++databases}`);
    await scheduleAlerts(db, [alert(1, 15)], () => at(0));
    const seen: Due = { alert: alert(1, 15), slots: [slot(15)] };
    expect((await findAlert(db, seen.alert._id, seen.slots))?.alert.dueAt).toEqual(at(15));
    expect(await findAlert(db, seen.alert._id, [slot(16)])).toBeUndefined();
    await deleteAlerts(db, [seen]);
    expect(await findAlert(db, seen.alert._id, seen.slots)).toBeUndefined();
    await db.close();
  });

  it('schedules, reads, postpones and deletes alerts due over three days without creating or dropping a collection', async () => {
    const db = await testDb.connect(`alerts_${++databases}`);
    const collections = async () => (await db.conn.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    const before = await collections();
    // 217 alerts, one every 20 minutes from 10:00 for three days: the slot ring (64 minutes) turns 67 times.
    const spread = Array.from({ length: 217 }, (_, i) => alert(i + 1, i * 20));
    await scheduleAlerts(db, spread, () => at(0));
    expect((await pendingAlerts(db)).map((d) => d.alert._id).sort()).toEqual(spread.map((a) => a._id).sort());
    // Due by 11:00: the alerts of 10:00, 10:20, 10:40 and 11:00, from every slot, not those a ring turn later.
    const due = await dueAlerts(db, at(60));
    expect(due.map((d) => d.alert.dueAt)).toEqual([at(0), at(20), at(40), at(60)]);
    await deleteAlerts(db, due);
    const [next] = await dueAlerts(db, at(80));
    await postponeAlert(db, next!, at(24 * 60 + 5), () => at(80));
    expect((await dueAlerts(db, at(80))).map((d) => d.alert._id)).toEqual([]);
    expect((await findAlert(db, next!.alert._id, [slotFor(at(24 * 60 + 5), at(80))]))?.alert.dueAt).toEqual(at(24 * 60 + 5));
    await deleteAlerts(db, await dueAlerts(db, at(3 * 24 * 60)));
    expect(await pendingAlerts(db)).toEqual([]);
    expect(await collections()).toEqual(before);
    await db.close();
  }, 120_000);
});
