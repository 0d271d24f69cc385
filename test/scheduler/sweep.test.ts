import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { alertId, firstStepAlert, type Alert } from '../../src/domain/escalation.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { bucketOf, dueAlerts, listBuckets, pendingAlerts, scheduleAlerts } from '../../src/store/alerts.ts';
import type { Db } from '../../src/store/connect.ts';
import { makeCore, testClock, useTestDb } from '../support/core.ts';

// Pending alerts live in one collection per due minute (src/store/alerts.ts). These tests seed
// incidents and steps directly and drive the sweep with a simulated clock.

const testDb = useTestDb();

const MIN = 60_000;
const T0 = new Date('2026-11-28T10:00:00Z');
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * MIN + seconds * 1000);
const KEY = 'INC-20261128-001';
const bucket = (minutes: number) => bucketOf(at(minutes), at(minutes));
let databases = 0;

type World = { core: Core; db: Db; clock: ReturnType<typeof testClock>; close(): Promise<void> };

/** A fresh database with one level-2 incident whose steps fall due at the given minutes after 10:00. */
async function world(stepDue: number[], snoozes?: { n: number; until: Date }[]): Promise<World> {
  const clock = testClock(T0);
  const db = await testDb.connect(`buckets_${++databases}`);
  const core = await makeCore(db, { now: clock.now });
  await db.m.Incident.create({
    _id: KEY, key: KEY, title: 'Bucket test', type: 'supply-chain', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'respond',
    platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' }, lead: { id: 'alice', name: 'Alice' }, raisedAt: T0, startedAt: T0,
    ackDueAt: T0, setupDone: true, stepCount: stepDue.length, openDue: [], room: { id: 'room-1', name: 'room-1' }, summaryMessage: { room: 'room-1', id: 'm' }, snoozes,
  });
  await db.m.Step.insertMany(
    stepDue.map((m, i) => ({
      _id: `${KEY}:${i + 1}`, incidentKey: KEY, n: i + 1, planStepId: `s${i + 1}`, phase: 'respond', title: { en: `Step ${i + 1}`, 'zh-CN': `步骤 ${i + 1}` },
      ownerRole: 'operations', owners: [{ id: `owner-${i + 1}`, name: `Owner ${i + 1}` }], dueAt: at(m), status: 'open', version: 0, page: 0,
    })),
  );
  return { core, db, clock, close: () => db.close() };
}

const ladder = (w: World) => w.core.playbook.levels[1]!.escalation;
const stepAlert = (w: World, n: number, dueMinute: number) => firstStepAlert(KEY, { n, version: 0, dueAt: at(dueMinute) }, ladder(w));
const sweepAt = async (w: World, when: Date) => {
  w.clock.set(when);
  return sweep(w.core);
};
const sentAlerts = async (w: World) => (await w.db.m.Timeline.find({ type: 'deadline.alert' }).lean()).map((e) => (e.data as { alert: string }).alert).sort();
const dmsTo = async (w: World, id: string) => (await w.db.m.Outbox.find().lean()).filter((o) => (o.effect as { kind: string; to?: { id: string } }).kind === 'dm' && (o.effect as { to: { id: string } }).to.id === id);
const pendingIn = async (w: World) => (await pendingAlerts(w.db)).map((d) => ({ id: d.alert._id, dueAt: d.alert.dueAt, buckets: d.buckets }));

describe('per-minute alert buckets', () => {
  it('a sweep reads only buckets that are due and leaves future alerts untouched', async () => {
    const w = await world([15, 45, 120]);
    await scheduleAlerts(w.db, [1, 2, 3].map((n) => stepAlert(w, n, [15, 45, 120][n - 1]!)), w.clock.now);
    expect(await listBuckets(w.db, w.clock.now())).toEqual([bucket(15), bucket(45), bucket(120)]);
    // A marker in the 10:45 bucket that is due by its own field: only a read of that bucket would see it.
    const marker = { ...stepAlert(w, 9, 15), _id: 'alert:MARKER' };
    await w.db.conn.db!.collection(bucket(45)).insertOne({ ...marker } as never);
    const futureBefore = (await pendingIn(w)).filter((p) => !p.buckets.includes(bucket(15)));

    const found = await dueAlerts(w.db, at(16), 100);
    expect(found.due.map((d) => [d.alert._id, d.buckets])).toEqual([[alertId({ kind: 'step', incidentKey: KEY, n: 1, version: 0, rung: 0 }), [bucket(15)]]]);
    const r = await sweepAt(w, at(16));
    expect(r).toMatchObject({ sent: 1, failed: 0 });
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`]);
    // The 10:45 and 12:00 buckets are as they were; the next rung of step 1 waits in 10:30.
    const after = await pendingIn(w);
    expect(after.filter((p) => !p.buckets.includes(bucket(30)))).toEqual(futureBefore);
    expect(after.find((p) => p.buckets.includes(bucket(30)))?.id).toBe(`alert:${KEY}:step:1:v0:r1`);
    await w.close();
  });

  it('alerts scheduled at a past time go to the current minute and are sent at the next sweep', async () => {
    const w = await world([5]);
    w.clock.set(at(20, 10));
    await scheduleAlerts(w.db, [stepAlert(w, 1, 5)], w.clock.now);
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r0`, dueAt: at(5), buckets: [bucket(20)] }]);
    expect(await listBuckets(w.db, w.clock.now())).not.toContain(bucket(5));

    const r = await sweepAt(w, at(20, 25));
    // Its next rung (the lead, 15 min after the 10:05 deadline) was due at 10:20 as well: it went
    // into the current minute too and out in the same sweep; the one after waits for 10:35.
    expect(r.sent).toBe(2);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`, `alert:${KEY}:step:1:v0:r1`]);
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r2`, dueAt: at(35), buckets: [bucket(35)] }]);
    await w.close();
  });

  it('an emptied past bucket is dropped and an alert scheduled into it later is still sent', async () => {
    const w = await world([15, 15]);
    await scheduleAlerts(w.db, [stepAlert(w, 1, 15)], w.clock.now);
    expect((await sweepAt(w, at(15, 30))).sent).toBe(1);
    // Empty, but its minute ended less than the margin (10 min) ago: kept.
    expect(await listBuckets(w.db, w.clock.now())).toContain(bucket(15));
    await sweepAt(w, at(26));
    expect(await listBuckets(w.db, w.clock.now())).not.toContain(bucket(15));

    // A process whose clock stalled at 10:15 schedules step 2 into that minute: the insert creates
    // the bucket again, and the next sweep finds it by listing.
    await scheduleAlerts(w.db, [stepAlert(w, 2, 15)], () => at(15));
    expect(await listBuckets(w.db, at(27))).toContain(bucket(15));
    expect((await sweepAt(w, at(27))).sent).toBe(1);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`, `alert:${KEY}:step:2:v0:r0`]);
    expect(await dmsTo(w, 'owner-2')).toHaveLength(1);
    await sweepAt(w, at(40));
    expect(await listBuckets(w.db, w.clock.now())).not.toContain(bucket(15));
    await w.close();
  });

  it('an insert that returns after half the drop margin is repeated into the current minute, and the alert is sent once', async () => {
    const w = await world([15]);
    // The clock reads 10:15 when the bucket is chosen and 10:21 once the insert returned.
    const readings = [at(15), at(21)];
    await scheduleAlerts(w.db, [stepAlert(w, 1, 15)], () => readings.shift() ?? at(21));
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r0`, dueAt: at(15), buckets: [bucket(15), bucket(21)] }]);

    expect((await sweepAt(w, at(22))).sent).toBe(1);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`]);
    expect(await dmsTo(w, 'owner-1')).toHaveLength(1);
    // Both copies left with the one delete; only the next rung is pending.
    expect((await pendingIn(w)).map((p) => p.id)).toEqual([`alert:${KEY}:step:1:v0:r1`]);
    expect((await sweepAt(w, at(22, 30))).sent).toBe(0);
    await w.close();
  });

  it('a snoozed alert moves to its new minute and is sent once', async () => {
    const w = await world([15], [{ n: 1, until: at(25) }]);
    await scheduleAlerts(w.db, [stepAlert(w, 1, 15)], w.clock.now);
    expect(await sweepAt(w, at(16))).toMatchObject({ sent: 0, postponed: 1 });
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r0`, dueAt: at(25), buckets: [bucket(25)] }]);
    expect((await sweepAt(w, at(24, 50))).sent).toBe(0);
    expect((await sweepAt(w, at(25, 10))).sent).toBe(1);
    expect((await sweepAt(w, at(26))).sent).toBe(0);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`]);
    expect(await dmsTo(w, 'owner-1')).toHaveLength(1);
    await w.close();
  });

  it('a move cut short between its insert and its delete leaves a copy in each bucket, and the alert is still sent once', async () => {
    const w = await world([15], [{ n: 1, until: at(25) }]);
    const alert = stepAlert(w, 1, 15);
    await scheduleAlerts(w.db, [alert], w.clock.now);
    // As if a sweep at 10:16 inserted the moved copy and died before deleting the old one.
    await scheduleAlerts(w.db, [{ ...alert, dueAt: at(25) }], () => at(16));
    expect((await pendingIn(w))[0]!.buckets).toEqual([bucket(15), bucket(25)]);
    // Read together after the snooze: one alert (the later due time wins), sent once, both copies gone.
    const r = await sweepAt(w, at(26));
    expect(r.sent).toBe(1);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`]);
    expect((await pendingIn(w)).map((p) => p.id)).toEqual([`alert:${KEY}:step:1:v0:r1`]);
    await w.close();
  });

  it('a move finds a copy already in its target bucket and leaves one copy there', async () => {
    const w = await world([15], [{ n: 1, until: at(25, 30) }]);
    const alert = stepAlert(w, 1, 15);
    await scheduleAlerts(w.db, [alert], w.clock.now);
    // Left by an earlier move to 10:25 that was cut short; the snooze was then extended.
    await scheduleAlerts(w.db, [{ ...alert, dueAt: at(25) }], () => at(16));
    // The sweep at 10:16 reads only the 10:15 copy and moves it to 10:25:30, into the bucket that
    // already holds a copy: that copy takes the new time, the old one is deleted.
    expect(await sweepAt(w, at(16))).toMatchObject({ postponed: 1 });
    expect(await pendingIn(w)).toEqual([{ id: alert._id, dueAt: at(25, 30), buckets: [bucket(25)] }]);
    expect((await sweepAt(w, at(25, 10))).sent).toBe(0);
    expect((await sweepAt(w, at(25, 40))).sent).toBe(1);
    await w.close();
  });

  it('two connections creating the same new bucket at once both succeed', async () => {
    const w = await world([15]);
    const other = await testDb.connect(`buckets_${databases}`);
    const make = (i: number, minute: number): Alert => ({ ...stepAlert(w, 1, minute), _id: `alert:CONCURRENT-${i}`, incidentKey: `CONCURRENT-${i}` });
    for (let minute = 100; minute < 120; minute++) {
      await Promise.all([
        scheduleAlerts(w.db, [make(minute * 10 + 1, minute), make(minute * 10 + 3, minute)], w.clock.now),
        scheduleAlerts(other, [make(minute * 10 + 2, minute), make(minute * 10 + 3, minute)], w.clock.now),
      ]);
    }
    const pending = await pendingIn(w);
    expect(pending).toHaveLength(20 * 3);
    expect(new Set(pending.flatMap((p) => p.buckets)).size).toBe(20);
    await other.close();
    await w.close();
  });

  it('alerts pending in the single collection of earlier versions are moved into buckets and sent', async () => {
    const w = await world([15, 45]);
    await w.db.conn.db!.collection('alerts').insertMany([stepAlert(w, 1, 15), stepAlert(w, 2, 45)] as never[]);
    expect((await sweepAt(w, at(16))).sent).toBe(1);
    expect((await w.db.conn.db!.listCollections({ name: 'alerts' }).toArray())).toHaveLength(0);
    expect(await pendingIn(w)).toEqual([
      { id: `alert:${KEY}:step:1:v0:r1`, dueAt: at(30), buckets: [bucket(30)] },
      { id: `alert:${KEY}:step:2:v0:r0`, dueAt: at(45), buckets: [bucket(45)] },
    ]);
    await w.close();
  });
});
