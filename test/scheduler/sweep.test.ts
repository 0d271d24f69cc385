import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { firstStepAlert, type Alert } from '../../src/domain/escalation.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { slotFor, slotName } from '../../src/store/alert-slots.ts';
import { pendingAlerts, scheduleAlerts, sentClaim } from '../../src/store/alerts.ts';
import type { Db } from '../../src/store/connect.ts';
import { makeCore, testClock, useTestDb } from '../support/core.ts';

// Pending alerts live in a fixed ring of 64 slot collections (src/store/alert-slots.ts). These
// tests seed incidents and steps directly and drive the sweep with a simulated clock.

const testDb = useTestDb();

const MIN = 60_000;
const T0 = new Date('2026-11-28T10:00:00Z');
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * MIN + seconds * 1000);
const KEY = 'INC-20261128-001';
/** The slot of the minute `minutes` after 10:00. */
const slot = (minutes: number) => slotFor(at(minutes), at(minutes));
let databases = 0;

type World = { core: Core; db: Db; clock: ReturnType<typeof testClock>; name: string; close(): Promise<void> };

/** A fresh database with one level-2 incident whose steps fall due at the given minutes after 10:00. */
async function world(stepDue: number[], snoozes?: { n: number; until: Date }[]): Promise<World> {
  const clock = testClock(T0);
  const name = `sweep_${++databases}`;
  const db = await testDb.connect(name);
  const core = await makeCore(db, { now: clock.now });
  await db.m.Incident.create({
    _id: KEY, key: KEY, title: 'Slot test', type: 'supply-chain', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'respond',
    platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' }, lead: { id: 'alice', name: 'Alice' }, raisedAt: T0, startedAt: T0,
    ackDueAt: T0, setupDone: true, stepCount: stepDue.length, openDue: [], room: { id: 'room-1', name: 'room-1' }, summaryMessage: { room: 'room-1', id: 'm' }, snoozes,
  });
  await db.m.Step.insertMany(
    stepDue.map((m, i) => ({
      _id: `${KEY}:${i + 1}`, incidentKey: KEY, n: i + 1, planStepId: `s${i + 1}`, phase: 'respond', title: { en: `Step ${i + 1}`, 'zh-CN': `步骤 ${i + 1}` },
      ownerRole: 'operations', owners: [{ id: `owner-${i + 1}`, name: `Owner ${i + 1}` }], dueAt: at(m), status: 'open', version: 0, page: 0,
    })),
  );
  return { core, db, clock, name, close: () => db.close() };
}

const ladder = (w: World) => w.core.playbook.levels[1]!.escalation;
const stepAlert = (w: World, n: number, dueMinute: number) => firstStepAlert(KEY, { n, version: 0, dueAt: at(dueMinute) }, ladder(w));
const sweepAt = async (w: World, when: Date, core = w.core) => {
  w.clock.set(when);
  return sweep(core);
};
const sentAlerts = async (w: World) => (await w.db.m.Timeline.find({ type: 'deadline.alert' }).lean()).map((e) => (e.data as { alert: string }).alert).sort();
const dmsTo = async (w: World, id: string) => (await w.db.m.Outbox.find().lean()).filter((o) => (o.effect as { kind: string; to?: { id: string } }).kind === 'dm' && (o.effect as { to: { id: string } }).to.id === id);
const pendingIn = async (w: World) => (await pendingAlerts(w.db)).map((d) => ({ id: d.alert._id, dueAt: d.alert.dueAt, slots: d.slots }));
const collections = async (db: Db) => (await db.conn.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();

describe('the sweep over the alert slots', () => {
  it('reads only the slots whose minutes came due since it last looked, and leaves future alerts untouched', async () => {
    const w = await world([15, 45, 120]);
    // The process's first sweep reads the whole ring; nothing is due at 10:00.
    expect(await sweepAt(w, at(0))).toMatchObject({ sent: 0 });
    await scheduleAlerts(w.db, [1, 2, 3].map((n) => stepAlert(w, n, [15, 45, 120][n - 1]!)), w.clock.now);
    expect((await pendingIn(w)).map((p) => p.slots)).toEqual([[slot(15)], [slot(45)], [slot(120)]]);
    // A marker in the 10:45 slot that is due by its own field: only a read of that slot would see it.
    await w.db.conn.db!.collection(slotName(slot(45))).insertOne({ ...stepAlert(w, 9, 15), _id: 'alert:MARKER' } as never);

    const r = await sweepAt(w, at(16));
    expect(r).toMatchObject({ sent: 1, failed: 0 });
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`]);
    // The marker and the 10:45 and 12:00 alerts are where they were; step 1's next rung waits in 10:30's slot.
    const after = await pendingIn(w);
    expect(after.map((p) => [p.id, p.slots])).toEqual([
      ['alert:MARKER', [slot(45)]],
      [`alert:${KEY}:step:1:v0:r1`, [slot(30)]],
      [`alert:${KEY}:step:2:v0:r0`, [slot(45)]],
      [`alert:${KEY}:step:3:v0:r0`, [slot(120)]],
    ]);
    await w.close();
  });

  it('a process starting reads every slot once, and sends an alert no window of the running one would reach', async () => {
    const w = await world([15]);
    await sweepAt(w, at(0));
    // Misplaced on purpose: due at 10:15, sitting in the slot of 10:40.
    await w.db.conn.db!.collection(slotName(slot(40))).insertOne({ ...stepAlert(w, 1, 15) } as never);
    expect((await sweepAt(w, at(16))).sent).toBe(0);
    // Another process (its own connection, so its own cursor) starts at 10:17.
    const other = await testDb.connect(w.name);
    expect((await sweepAt(w, at(17), { ...w.core, db: other })).sent).toBe(1);
    expect(await dmsTo(w, 'owner-1')).toHaveLength(1);
    await other.close();
    await w.close();
  });

  it('alerts scheduled at a past time go to the current minute and are sent at the next sweep', async () => {
    const w = await world([5]);
    await sweepAt(w, at(0));
    w.clock.set(at(20, 10));
    await scheduleAlerts(w.db, [stepAlert(w, 1, 5)], w.clock.now);
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r0`, dueAt: at(5), slots: [slot(20)] }]);

    const r = await sweepAt(w, at(20, 25));
    // Its next rung (the lead, 15 min after the 10:05 deadline) was due at 10:20 as well: it went
    // into the current minute too and out in the same sweep; the one after waits for 10:35.
    expect(r.sent).toBe(2);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`, `alert:${KEY}:step:1:v0:r1`]);
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r2`, dueAt: at(35), slots: [slot(35)] }]);
    await w.close();
  });

  it('an insert that returns after the sweeps stopped reading its slot is repeated into the current minute, and the alert is sent once', async () => {
    const w = await world([15]);
    await sweepAt(w, at(0));
    // The sweeps have read up to 10:20.
    await sweepAt(w, at(20, 50));
    // The clock read 10:15 when the slot was chosen and reads 10:21 once the insert returned.
    const readings = [at(15), at(21)];
    await scheduleAlerts(w.db, [stepAlert(w, 1, 15)], () => readings.shift() ?? at(21));
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r0`, dueAt: at(15), slots: [slot(15), slot(21)] }]);

    expect((await sweepAt(w, at(22))).sent).toBe(1);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`]);
    expect(await dmsTo(w, 'owner-1')).toHaveLength(1);
    // The copy left in 10:15's slot meets the claims once read (here by a process starting) and is deleted, not sent again.
    const other = await testDb.connect(w.name);
    expect((await sweep({ ...w.core, db: other }, { leaseMs: 0 })).sent).toBe(0);
    expect((await pendingIn(w)).map((p) => p.id)).toEqual([`alert:${KEY}:step:1:v0:r1`]);
    expect(await dmsTo(w, 'owner-1')).toHaveLength(1);
    await other.close();
    await w.close();
  });

  it('a snoozed alert moves to its new minute and is sent once', async () => {
    const w = await world([15], [{ n: 1, until: at(25) }]);
    await scheduleAlerts(w.db, [stepAlert(w, 1, 15)], w.clock.now);
    expect(await sweepAt(w, at(16))).toMatchObject({ sent: 0, postponed: 1 });
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r0`, dueAt: at(25), slots: [slot(25)] }]);
    expect((await sweepAt(w, at(24, 50))).sent).toBe(0);
    expect((await sweepAt(w, at(25, 10))).sent).toBe(1);
    expect((await sweepAt(w, at(26))).sent).toBe(0);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`]);
    expect(await dmsTo(w, 'owner-1')).toHaveLength(1);
    await w.close();
  });

  it('a snooze of a ring turn keeps the alert in its slot with the new due time', async () => {
    const w = await world([15], [{ n: 1, until: at(15 + 64) }]);
    await scheduleAlerts(w.db, [stepAlert(w, 1, 15)], w.clock.now);
    expect(await sweepAt(w, at(16))).toMatchObject({ postponed: 1 });
    expect(await pendingIn(w)).toEqual([{ id: `alert:${KEY}:step:1:v0:r0`, dueAt: at(15 + 64), slots: [slot(15)] }]);
    // Sent once, an hour late by the step's deadline; the lead's and the executive's rungs had fallen due meanwhile and follow at once.
    expect((await sweepAt(w, at(15 + 64, 10))).sent).toBe(3);
    expect(await sentAlerts(w)).toEqual([0, 1, 2].map((r) => `alert:${KEY}:step:1:v0:r${r}`));
    expect(await dmsTo(w, 'owner-1')).toHaveLength(1);
    await w.close();
  });

  it('a move cut short between its insert and its delete leaves a copy in each slot, and the alert is still sent once', async () => {
    const w = await world([15], [{ n: 1, until: at(25) }]);
    const alert = stepAlert(w, 1, 15);
    await scheduleAlerts(w.db, [alert], w.clock.now);
    // As if a sweep at 10:16 inserted the moved copy and died before deleting the old one.
    await scheduleAlerts(w.db, [{ ...alert, dueAt: at(25) }], () => at(16));
    expect((await pendingIn(w))[0]!.slots).toEqual([slot(15), slot(25)]);
    const r = await sweepAt(w, at(26));
    expect(r.sent).toBe(1);
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`]);
    expect((await pendingIn(w)).map((p) => p.id)).toEqual([`alert:${KEY}:step:1:v0:r1`]);
    await w.close();
  });

  it('an alert another process holds is read again by the next sweep, whatever its minute, and taken over once the lease is out', async () => {
    const w = await world([15]);
    await sweepAt(w, at(0));
    const alert = stepAlert(w, 1, 15);
    await scheduleAlerts(w.db, [alert], w.clock.now);
    // Another process claimed it at 10:16 and died before writing anything; its lease is an hour.
    const hour = { leaseMs: 3_600_000 };
    w.clock.set(at(16));
    await w.db.m.Dedup.create({ _id: sentClaim(alert._id), at: w.clock.now() });
    expect(await sweep(w.core, hour)).toMatchObject({ sent: 0, busy: 1 });
    w.clock.set(at(30));
    expect(await sweep(w.core, hour)).toMatchObject({ sent: 0, busy: 1 });
    // At 10:40 10:15's slot is outside the sweep's window (10:28 on), but the sweep reads it again;
    // with a lease of 10 ms (on the same clock) the dead holder is taken over.
    w.clock.set(at(40));
    // The owner's rung, and the lead's that fell due at 10:30 behind it.
    expect(await sweep(w.core, { leaseMs: 10 })).toMatchObject({ sent: 2, late: 2 });
    expect(await sentAlerts(w)).toEqual([`alert:${KEY}:step:1:v0:r0`, `alert:${KEY}:step:1:v0:r1`]);
    expect(await dmsTo(w, 'owner-1')).toHaveLength(1);
    await w.close();
  });

  it('creates and drops no collection while scheduling, sending, moving and deleting alerts over two hours', async () => {
    const w = await world([5, 15, 30, 45, 60, 90], [{ n: 3, until: at(50) }]);
    const before = await collections(w.db);
    expect(before.filter((n) => n.startsWith('alert_slots_'))).toHaveLength(64);
    await scheduleAlerts(w.db, [5, 15, 30, 45, 60, 90].map((m, i) => stepAlert(w, i + 1, m)), w.clock.now);
    let sent = 0;
    for (let m = 0; m <= 120; m += 5) sent += (await sweepAt(w, at(m, 15))).sent;
    // Six steps, three rungs each (the snoozed one a little later).
    expect(sent).toBe(18);
    expect(await collections(w.db)).toEqual(before);
    await w.close();
  });

  it('a process starting moves the alerts of an earlier version into the slots and sends those due', async () => {
    const w = await world([15, 45]);
    await w.db.conn.db!.collection('alerts_202611281015').insertOne(stepAlert(w, 1, 15) as never);
    await w.db.conn.db!.collection('alerts').insertOne(stepAlert(w, 2, 45) as never);
    expect((await sweepAt(w, at(16))).sent).toBe(1);
    // The legacy collection is gone; 10:15's bucket is emptied, dropped by a run once its minute is 10 minutes past.
    expect((await w.db.conn.db!.listCollections({ name: { $regex: '^alerts' } }).toArray()).map((c) => c.name)).toEqual(['alerts_202611281015']);
    expect(await w.db.conn.db!.collection('alerts_202611281015').countDocuments()).toBe(0);
    expect(await pendingIn(w)).toEqual([
      { id: `alert:${KEY}:step:1:v0:r1`, dueAt: at(30), slots: [slot(30)] },
      { id: `alert:${KEY}:step:2:v0:r0`, dueAt: at(45), slots: [slot(45)] },
    ]);
    await w.close();
  });

  it('two connections scheduling into the same slots at once store each alert once', async () => {
    const w = await world([15]);
    const other = await testDb.connect(w.name);
    const make = (i: number, minute: number): Alert => ({ ...stepAlert(w, 1, minute), _id: `alert:CONCURRENT-${i}`, incidentKey: `CONCURRENT-${i}` });
    for (let minute = 100; minute < 120; minute++) {
      await Promise.all([
        scheduleAlerts(w.db, [make(minute * 10 + 1, minute), make(minute * 10 + 3, minute)], w.clock.now),
        scheduleAlerts(other, [make(minute * 10 + 2, minute), make(minute * 10 + 3, minute)], w.clock.now),
      ]);
    }
    const pending = await pendingIn(w);
    expect(pending).toHaveLength(20 * 3);
    expect(pending.every((p) => p.slots.length === 1)).toBe(true);
    await other.close();
    await w.close();
  });
});
