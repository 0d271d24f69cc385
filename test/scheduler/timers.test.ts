import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { firstStepAlert, type Alert } from '../../src/domain/escalation.ts';
import { startScheduler } from '../../src/scheduler/cron.ts';
import { pendingAlerts, scheduleAlerts } from '../../src/store/alerts.ts';
import type { Db } from '../../src/store/connect.ts';
import { makeCore, useTestDb } from '../support/core.ts';

// Deadline timers act on an alert at its due time, between sweeps. The sweep's cron here fires
// once a year, so whatever happens after the start-up sweep is the timers' doing. The clock is
// the injected one, running in real time from a fixed start: a timer needs real time to pass.

const testDb = useTestDb();

const NEVER = '0 0 1 1 *';
const T0 = new Date('2026-11-28T10:00:00Z');
let databases = 0;

/** A clock that reads T0 when the test starts and runs with real time. */
function runningClock(): () => Date {
  const started = performance.now();
  return () => new Date(T0.getTime() + Math.floor(performance.now() - started));
}

type World = { core: Core; db: Db; name: string; close(): Promise<void> };

/** A fresh database with one level-2 incident of `steps` open steps, due at 10:00; each step's owner is `owner-<n>`. */
async function world(steps: number): Promise<World> {
  const name = `timers_${++databases}`;
  const db = await testDb.connect(name);
  const core = await makeCore(db, { now: runningClock() });
  const KEY = 'INC-20261128-001';
  await db.m.Incident.create({
    _id: KEY, key: KEY, title: 'Timer test', type: 'supply-chain', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'respond',
    platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' }, lead: { id: 'alice', name: 'Alice' }, raisedAt: T0, startedAt: T0,
    ackDueAt: T0, setupDone: true, stepCount: steps, openDue: [], room: { id: 'room-1', name: 'room-1' }, summaryMessage: { room: 'room-1', id: 'm' },
  });
  await db.m.Step.insertMany(
    Array.from({ length: steps }, (_, i) => ({
      _id: `${KEY}:${i + 1}`, incidentKey: KEY, n: i + 1, planStepId: `s${i + 1}`, phase: 'respond', title: { en: `Step ${i + 1}`, 'zh-CN': `步骤 ${i + 1}` },
      ownerRole: 'operations', owners: [{ id: `owner-${i + 1}`, name: `Owner ${i + 1}` }], dueAt: T0, status: 'open', version: 0, page: 0,
    })),
  );
  return { core, db, name, close: () => db.close() };
}

/** Step n's first alert, due `inMs` after the core's clock says now. */
const dueIn = (w: World, n: number, inMs: number): Alert =>
  firstStepAlert('INC-20261128-001', { n, version: 0, dueAt: new Date(w.core.now().getTime() + inMs) }, w.core.playbook.levels[1]!.escalation);

const dmsTo = async (db: Db, id: string) => (await db.m.Outbox.find().lean()).filter((o) => (o.effect as { kind: string; to?: { id: string } }).kind === 'dm' && (o.effect as { to: { id: string } }).to.id === id);
const sent = async (db: Db) => (await db.m.Timeline.find({ type: 'deadline.alert' }).lean()).map((e) => e.data as { alert: string; late: boolean });

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('deadline timers', () => {
  it('act on an alert scheduled due in 300 ms at its due time, with no sweep tick in between', async () => {
    const w = await world(1);
    const scheduler = startScheduler(w.core, NEVER);
    try {
      await scheduler.sweepNow(); // the start-up sweep: nothing due yet
      const alert = dueIn(w, 1, 300);
      await scheduleAlerts(w.db, [alert], w.core.now);
      await until(async () => (await dmsTo(w.db, 'owner-1')).length > 0, 'the owner’s DM');
      expect(await sent(w.db)).toEqual([expect.objectContaining({ alert: alert._id, late: false })]);
      // The alert is gone; its next rung (the lead, 15 min on) waits.
      expect((await pendingAlerts(w.db)).map((d) => d.alert._id)).toEqual(['alert:INC-20261128-001:step:1:v0:r1']);
    } finally {
      await scheduler.stop();
      await w.close();
    }
  });

  it('are armed by the sweep for alerts it reads that fall due before the next sweep', async () => {
    const w = await world(2);
    // Stored before any scheduler runs in this process: only a sweep's read can find them.
    await scheduleAlerts(w.db, [dueIn(w, 1, 300), dueIn(w, 2, 500)], w.core.now);
    const scheduler = startScheduler(w.core, NEVER);
    try {
      await until(async () => (await dmsTo(w.db, 'owner-2')).length > 0, 'the DM of the second step');
      expect(await dmsTo(w.db, 'owner-1')).toHaveLength(1);
      expect((await sent(w.db)).map((e) => e.late)).toEqual([false, false]);
    } finally {
      await scheduler.stop();
      await w.close();
    }
  });

  it('send each alert once when two processes arm timers for the same alerts', async () => {
    const w = await world(20);
    const otherDb = await testDb.connect(w.name);
    // The second process's clock agrees with the first's, as replicas' clocks do (leases are read on it).
    otherDb.now = w.core.now;
    const other = { ...w.core, db: otherDb };
    await scheduleAlerts(w.db, Array.from({ length: 20 }, (_, i) => dueIn(w, i + 1, 300 + i * 10)), w.core.now);
    const schedulers = [startScheduler(w.core, NEVER), startScheduler(other, NEVER)];
    try {
      await until(async () => (await sent(w.db)).length >= 20 && (await pendingAlerts(w.db)).every((d) => d.alert.rung === 1), 'all 20 alerts');
      const events = await sent(w.db);
      expect(events).toHaveLength(20);
      expect(new Set(events.map((e) => e.alert)).size).toBe(20);
      for (let n = 1; n <= 20; n++) expect(await dmsTo(w.db, `owner-${n}`)).toHaveLength(1);
    } finally {
      for (const s of schedulers) await s.stop();
      await otherDb.close();
      await w.close();
    }
  });

  it('are cleared on stop: an alert due after it is left pending for the next sweep', async () => {
    const w = await world(1);
    const scheduler = startScheduler(w.core, NEVER);
    await scheduler.sweepNow();
    const alert = dueIn(w, 1, 200);
    await scheduleAlerts(w.db, [alert], w.core.now);
    await scheduler.stop();
    // Past its due time, and past when its timer would have fired.
    await new Promise((r) => setTimeout(r, 400));
    expect(await dmsTo(w.db, 'owner-1')).toEqual([]);
    expect((await pendingAlerts(w.db)).map((d) => d.alert._id)).toEqual([alert._id]);
    await w.close();
  });
});
