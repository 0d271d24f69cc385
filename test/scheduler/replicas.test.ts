import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { firstStepAlert } from '../../src/domain/escalation.ts';
import { pendingAlerts, scheduleAlerts } from '../../src/store/alerts.ts';
import type { Db } from '../../src/store/connect.ts';
import { spawnTs } from '../support/cli.ts';
import { connectDb, makeCore, startTestDb } from '../support/core.ts';

const WORKER = path.join(import.meta.dirname, 'worker.ts');
const INCIDENTS = 50;
const STEPS = 10;
const DUE = new Date('2026-11-28T10:15:00Z');
// Every step's first rung is due, none late; the next rung (+15 min) is not due yet.
const NOW = new Date(DUE.getTime() + 30_000);
// Long enough that a live process (slow on a busy test machine) is never taken over; short
// enough that the killed one's claims are finished by the others within the test.
const LEASE_MS = 5000;

let testDb: Awaited<ReturnType<typeof startTestDb>>;
let databases = 0;
beforeAll(async () => {
  testDb = await startTestDb();
});
afterAll(async () => {
  await testDb?.stop();
});

const key = (i: number) => `INC-20261128-${String(i + 1).padStart(3, '0')}`;

/** A fresh database and a core on it (the parent's: seeds and checks). */
async function fresh(now: () => Date): Promise<{ core: Core; uri: string }> {
  const uri = testDb.local.uri.replace(/\/crisis$/, `/replicas_${++databases}`);
  return { core: await makeCore(await connectDb(uri), { now }), uri };
}

/**
 * 500 open steps, written directly (a raise per step would dominate the test's time), step j due
 * at `dueAt(j)`, each with its first alert scheduled.
 */
async function seed(core: Core, dueAt: (j: number) => Date): Promise<string[]> {
  const { db } = core;
  const ladder = core.playbook.levels[1]!.escalation;
  const raisedAt = new Date(dueAt(0).getTime() - 15 * 60_000);
  await db.m.Incident.insertMany(
    Array.from({ length: INCIDENTS }, (_, i) => ({
      _id: key(i), key: key(i), title: `Replica test ${i}`, type: 'supply-chain', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'respond',
      platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' }, lead: { id: 'alice', name: 'Alice' }, raisedAt, startedAt: raisedAt,
      ackDueAt: raisedAt, setupDone: true, stepCount: STEPS, openDue: [], room: { id: `room-${i}`, name: `room-${i}` }, summaryMessage: { room: `room-${i}`, id: 'm' },
    })),
  );
  const steps = Array.from({ length: INCIDENTS * STEPS }, (_, j) => ({ incidentKey: key(Math.floor(j / STEPS)), n: (j % STEPS) + 1, owner: `owner-${j}`, dueAt: dueAt(j) }));
  await db.m.Step.insertMany(
    steps.map((s) => ({
      _id: `${s.incidentKey}:${s.n}`, incidentKey: s.incidentKey, n: s.n, planStepId: `s${s.n}`, phase: 'respond', title: { en: `Step ${s.n}`, 'zh-CN': `步骤 ${s.n}` },
      ownerRole: 'operations', owners: [{ id: s.owner, name: s.owner }], dueAt: s.dueAt, status: 'open', version: 0, page: 0,
    })),
  );
  const alerts = steps.map((s) => firstStepAlert(s.incidentKey, { n: s.n, version: 0, dueAt: s.dueAt }, ladder));
  await scheduleAlerts(db, alerts, core.now);
  return alerts.map((a) => a._id);
}

type Worker = { child: ChildProcess; out: string; exited: Promise<number | null> };

function startWorker(mode: 'sweep' | 'timers', uri: string, time: Date, stallAfter?: number, env: Record<string, string> = {}): Worker {
  const args = [mode, uri, time.toISOString(), String(LEASE_MS), ...(stallAfter ? [String(stallAfter)] : [])];
  const child = spawnTs(WORKER, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
  const w: Worker = { child, out: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout!.on('data', (b: Buffer) => (w.out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (w.out += b.toString()));
  return w;
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Three workers, the first of which stops dead at its 20th claim, with more in flight, and is then killed. */
async function runWithOneKilled(mode: 'sweep' | 'timers', uri: string, time: Date): Promise<number> {
  const t0 = Date.now();
  const doomed = startWorker(mode, uri, time, 20);
  const workers = [doomed, startWorker(mode, uri, time), startWorker(mode, uri, time)];
  await until(() => doomed.out.includes('stalled'), 60_000, 'the doomed worker to stall');
  doomed.child.kill('SIGKILL');
  expect(await doomed.exited).toBeNull();
  const codes = await Promise.all(workers.slice(1).map((w) => w.exited));
  expect(codes, workers.map((w) => w.out.slice(-500)).join('\n---\n')).toEqual([0, 0]);
  return Date.now() - t0;
}

/** Each alert sent exactly once — the killed worker's unfinished claims taken over — and its next rung pending. */
async function expectEachSentOnce(db: Db, ids: string[]): Promise<number> {
  // Exactly one sent-claim per alert; the killed worker's unfinished claims were taken over.
  const claims = (await db.m.Dedup.find({ _id: /^sent:/ }).select({ _id: 1 }).lean()).map((d) => String(d._id));
  const base = claims.filter((c) => !/:t\d+$/.test(c));
  expect(base.sort()).toEqual(ids.map((id) => `sent:${id}`).sort());
  expect(claims.length - base.length).toBeGreaterThanOrEqual(1);

  // One timeline event per alert.
  const events = await db.m.Timeline.find({ type: 'deadline.alert' }).select({ data: 1 }).lean();
  const alertsSent = events.map((e) => (e.data as { alert: string }).alert);
  expect(alertsSent).toHaveLength(ids.length);
  expect(new Set(alertsSent)).toEqual(new Set(ids));

  // One DM queued for each step's owner and one war-room notice per alert (the outbox delivers
  // each entry once; a full drain of 1,000 entries would double this test's time on FerretDB).
  const queued = (await db.m.Outbox.find().select({ effect: 1 }).lean()).map((q) => q.effect as { kind: string; to?: { id: string } });
  const dms = queued.filter((e) => e.kind === 'dm').map((e) => e.to!.id);
  expect(dms).toHaveLength(ids.length);
  expect(new Set(dms)).toEqual(new Set(Array.from({ length: ids.length }, (_, j) => `owner-${j}`)));
  expect(queued.filter((e) => e.kind === 'room-notice')).toHaveLength(ids.length);
  // The next rung of every step waits for its time.
  const pending = await pendingAlerts(db);
  expect(pending.map((d) => d.alert.rung)).toEqual(Array(ids.length).fill(1));
  return claims.length - base.length;
}

describe('three bot processes on one database', () => {
  it('send each of 500 due alerts exactly once, and lose none when one is killed with SIGKILL mid-sweep', { timeout: 300_000 }, async () => {
    const { core, uri } = await fresh(() => NOW);
    try {
      const ids = await seed(core, () => DUE);
      const elapsed = await runWithOneKilled('sweep', uri, NOW);
      const takenOver = await expectEachSentOnce(core.db, ids);
      console.log(`500 alerts, 3 processes (one killed): swept in ${(elapsed / 1000).toFixed(1)} s, ${takenOver} taken over`);
    } finally {
      await core.db.close();
    }
  });

  it('send each of 500 due alerts exactly once when one process stalls past its lease and then wakes', { timeout: 300_000 }, async () => {
    const { core, uri } = await fresh(() => NOW);
    try {
      const ids = await seed(core, () => DUE);
      // Stalls at its 20th claim until another process has taken that alert over (its 5 s lease ran out), then carries on.
      const sleeper = startWorker('sweep', uri, NOW, 20, { WAKE_AFTER_TAKEOVER: '1' });
      const workers = [sleeper, startWorker('sweep', uri, NOW), startWorker('sweep', uri, NOW)];
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes, workers.map((w) => w.out.slice(-500)).join('\n---\n')).toEqual([0, 0, 0]);
      expect(sleeper.out).toContain('woke');
      const takenOver = await expectEachSentOnce(core.db, ids);
      console.log(`500 alerts, 3 processes (one stalled past its lease and woke after the takeover): ${takenOver} taken over`);
    } finally {
      await core.db.close();
    }
  });

  it('send each of 500 alerts falling due over 3 seconds exactly once by their deadline timers, one process killed with SIGKILL mid-way', { timeout: 300_000 }, async () => {
    const { core, uri } = await fresh(() => new Date());
    try {
      // Due from 3 s on (the workers start meanwhile), over 3 s; the workers run until 2 s after the last.
      const from = Date.now() + 3_000;
      const ids = await seed(core, (j) => new Date(from + Math.floor((j * 3_000) / (INCIDENTS * STEPS))));
      const elapsed = await runWithOneKilled('timers', uri, new Date(from + 5_000));
      const takenOver = await expectEachSentOnce(core.db, ids);
      console.log(`500 alerts by timers, 3 processes (one killed): done in ${(elapsed / 1000).toFixed(1)} s, ${takenOver} taken over`);
    } finally {
      await core.db.close();
    }
  });
});
