import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Core } from '../src/core.ts';
import { firstStepAlert, type Alert } from '../src/domain/escalation.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import type { Playbook } from '../src/playbook/schema.ts';
import { sweep } from '../src/scheduler/sweep.ts';
import { bucketOf, bucketStart, dueAlerts, listBuckets, scheduleAlerts } from '../src/store/alerts.ts';
import { connectDb, type Db } from '../src/store/connect.ts';
import { startLocalDb, type LocalDb } from '../src/store/ferretdb.ts';
import { ms, pct } from './stats.ts';

const SIZES = [1_000, 10_000, 100_000];
const DUE_SHARE = 0.01;
/** The control: the same few due alerts among each size of pending set. */
const FIXED_DUE = 10;
const STEPS_PER_INCIDENT = 10;
const SEED_BATCH = 1_000;
const CRON_MS = 15_000;
/** Not-yet-due alerts fall due over the next 8 hours (level-2…4 step deadlines, ack, update cadence). */
const FUTURE_SPREAD_MS = 8 * 3_600_000;
/** Due alerts fell due over the last minute (up to four 15-second sweeps' worth). */
const DUE_SPREAD_MS = 60_000;

/** Mid-minute, as a real sweep is: the current minute's bucket holds alerts due later in it. */
const NOW = new Date('2026-11-28T12:00:30Z');
const key = (prefix: string, i: number) => `INC-${prefix}-${String(i + 1).padStart(4, '0')}`;

type Run = { size: number; due: number; sent: number; queryMs: number; sweepMs: number; examined: number; buckets: number; listMs: number; baselineMs?: number };

/**
 * `npm run bench` (or `npm run bench -- sweep`), deadlines: one sweep over 1k, 10k and 100k pending
 * alerts of which 1 % are due, then a control sweep of 10 due alerts among each pending set (1 %
 * due grows the due count with the total, so only the control tells the two apart), with the
 * buckets each query read and the documents each scan examined; then the delay from a step's due
 * time to its DM being queued under the default 15-second cron, measured with a simulated clock.
 */
export async function benchSweep(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-bench-sweep-'));
  const local: LocalDb = await startLocalDb(dir);
  try {
    const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../playbooks'));
    if (!loaded.ok) throw new Error('default playbook invalid');
    const pb = loaded.playbook;
    console.log(
      `pending alerts: ${DUE_SHARE * 100} % due, spread over the ${DUE_SPREAD_MS / 1000} s before now (${NOW.toISOString()}); the rest due over the next ` +
        `${FUTURE_SPREAD_MS / 3_600_000} h, evenly (one per-minute bucket per minute: ${FUTURE_SPREAD_MS / 60_000} future buckets once there are enough alerts)`,
    );
    const ones: Run[] = [];
    const fixed: Run[] = [];
    for (const size of SIZES) {
      const db = await connectDb(local.uri.replace(/\/crisis$/, `/sweep_${size}`));
      try {
        const core: Core = { db, playbook: pb, now: () => NOW, locale: 'en', log: pino({ level: 'silent' }) };
        const dueCount = Math.round(size * DUE_SHARE);
        const t0 = performance.now();
        await seedFuture(db, size - dueCount);
        const seedMs = performance.now() - t0;
        console.log(`${(size - dueCount).toLocaleString('en')} future alerts seeded in ${(seedMs / 1000).toFixed(1)} s`);

        // The control first, so that its sweep runs on the same history (outbox, timeline, claims) at every size.
        await seedDue(db, pb, 'B', FIXED_DUE);
        const control = await measure(core, size - dueCount + FIXED_DUE, FIXED_DUE);
        fixed.push(control);
        console.log(`${label(control.size, FIXED_DUE)}: ${line(control)}`);

        await seedDue(db, pb, 'A', dueCount);
        await printPlan(db);
        const baselineMs = await baseline(db);
        const one = { ...(await measure(core, size, dueCount)), baselineMs };
        ones.push(one);
        console.log(`${label(size, dueCount)}: ${line(one)}`);
        console.log(`  baseline, the previous design: the same ${size.toLocaleString('en')} pending alerts in one collection, {dueAt: {$lte: now}} sorted, limit 500: ${ms(baselineMs)} (scans all ${size.toLocaleString('en')})`);
        if (size === SIZES.at(-1)) await benchDelay(db, pb, `among ${size.toLocaleString('en')} pending (about ${Math.round(size / (FUTURE_SPREAD_MS / 60_000))} of them fall due each minute and are dropped, their incidents being absent)`);
      } finally {
        await db.conn.dropDatabase().catch(() => undefined);
        await db.close();
      }
    }
    ratios(`${FIXED_DUE} due`, fixed);
    ratios(`${DUE_SHARE * 100} % due`, ones);
    console.log(
      'plan: on FerretDB 1.24 (SQLite) each bucket read is a SCAN of that bucket\'s own table (filter not pushed down), so a sweep examines the due buckets only: ' +
        'the alerts due, plus those due later in the current minute; listing the buckets (listCollections, nameOnly) costs per bucket, not per alert. ' +
        'On MongoDB each bucket read is a COLLSCAN of that bucket (no index needed; the collections are small); this run did not measure MongoDB. ' +
        'The per-alert sweep time is the send path (lease check, incident and step reads, timeline append, outbox, next rung, done mark: about 9 round trips, 5 of them writes). ' +
        'The local FerretDB is built with its `_id` lookups matching its `_id` index (src/store/ferretdb.ts, ID_COLUMN_PATCH); unpatched, a lookup that finds nothing ' +
        'scans its table, and the send path slowed as dedup and timeline grew.',
    );
    const empty = await connectDb(local.uri.replace(/\/crisis$/, '/sweep_delay'));
    try {
      await benchDelay(empty, pb, 'on an otherwise empty database');
    } finally {
      await empty.conn.dropDatabase().catch(() => undefined);
      await empty.close();
    }
  } finally {
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const label = (size: number, due: number) => `${size.toLocaleString('en').padStart(7)} pending, ${String(due).padStart(4)} due`;
const line = (r: Run) =>
  `list ${r.buckets} buckets ${ms(r.listMs)}; one due-alert query ${ms(r.queryMs)} (${r.examined} docs examined); ` +
  `one sweep ${ms(r.sweepMs)} = ${ms(r.sweepMs / Math.max(1, r.sent))} per alert (${r.sent} sent)`;

function ratios(what: string, runs: Run[]): void {
  for (let i = 1; i < runs.length; i++) {
    const [a, b] = [runs[i - 1]!, runs[i]!];
    console.log(
      `${what}, ${a.size.toLocaleString('en')} → ${b.size.toLocaleString('en')} pending: sweep ${(b.sweepMs / a.sweepMs).toFixed(2)}×, due-alert query ${(b.queryMs / a.queryMs).toFixed(2)}× ` +
        `(docs examined ${(b.examined / Math.max(1, a.examined)).toFixed(1)}×) for ${(b.due / a.due).toFixed(0)}× the due alerts and ${(b.size / a.size).toFixed(1)}× the total` +
        (a.baselineMs && b.baselineMs ? `; baseline single-collection query ${(b.baselineMs / a.baselineMs).toFixed(2)}×` : ''),
    );
  }
}

async function measure(core: Core, size: number, due: number): Promise<Run> {
  const l0 = performance.now();
  const buckets = await listBuckets(core.db, NOW);
  const listMs = performance.now() - l0;
  const examined = await examinedBy(core.db, buckets);
  const q0 = performance.now();
  const found = await dueAlerts(core.db, NOW, 10_000);
  const queryMs = performance.now() - q0;
  if (found.due.length !== due) throw new Error(`expected ${due} due alerts, found ${found.due.length}`);
  const s0 = performance.now();
  const r = await sweep(core);
  const sweepMs = performance.now() - s0;
  if (r.sent !== due || r.failed) throw new Error(`sweep sent ${r.sent} of ${due} (${r.failed} failed)`);
  return { size, due, sent: r.sent, queryMs, sweepMs, examined, buckets: buckets.length, listMs };
}

/**
 * The previous design's query, for comparison in the same run: every pending alert copied into one
 * collection (not a bucket name, so the sweep ignores it), queried as the old dueAlerts did; then dropped.
 */
async function baseline(db: Db): Promise<number> {
  const single = db.conn.db!.collection('baseline_single_collection');
  for (const name of await listBuckets(db, NOW)) {
    const docs = await db.conn.db!.collection(name).find({}).toArray();
    for (let i = 0; i < docs.length; i += SEED_BATCH) await single.insertMany(docs.slice(i, i + SEED_BATCH));
  }
  const t0 = performance.now();
  await single.find({ dueAt: { $lte: NOW } }).sort({ dueAt: 1 }).limit(500).toArray();
  const took = performance.now() - t0;
  await single.drop();
  return took;
}

/** Documents a due-alert query scans: every document of every bucket whose minute has begun. */
async function examinedBy(db: Db, buckets: readonly string[]): Promise<number> {
  let n = 0;
  for (const name of buckets.filter((b) => bucketStart(b)! <= NOW.getTime())) n += await db.conn.db!.collection(name).countDocuments();
  return n;
}

/** The plan: which buckets the due-alert query reads, FerretDB's plan of each read, and what each scan examines. */
async function printPlan(db: Db): Promise<void> {
  const buckets = await listBuckets(db, NOW);
  const read = buckets.filter((b) => bucketStart(b)! <= NOW.getTime());
  const parts: string[] = [];
  for (const name of read) {
    const c = db.conn.db!.collection(name);
    const filter = { dueAt: { $lte: NOW } };
    const explained = (await c.find(filter).explain()) as { queryPlanner?: { Plan?: string[] }; filterPushdown?: boolean };
    const plan = (explained.queryPlanner?.Plan ?? []).map((p) => p.replace(/^.*detail=/, '')).join('; ');
    parts.push(`${name}: ${plan || JSON.stringify(explained.queryPlanner)} (filter pushdown ${explained.filterPushdown ?? '?'}), examines ${await c.countDocuments()} docs, ${await c.countDocuments(filter)} due`);
  }
  const unread = buckets.length - read.length;
  console.log(`  query plan: ${read.length} buckets read — ${parts.join(' | ')}; ${unread} future buckets not read`);
}

/** Due alerts of real incidents and steps (the sweep reads them), due over the last minute. */
async function seedDue(db: Db, pb: Playbook, prefix: string, count: number): Promise<void> {
  const incidents = Math.ceil(count / STEPS_PER_INCIDENT);
  const raisedAt = new Date(NOW.getTime() - 3_600_000);
  await db.m.Incident.insertMany(
    Array.from({ length: incidents }, (_, i) => ({
      _id: key(prefix, i), key: key(prefix, i), title: `Bench ${i}`, type: 'supply-chain', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'respond',
      platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'b', name: 'Bench' }, lead: { id: 'alice', name: 'Alice' }, raisedAt, startedAt: raisedAt,
      ackedAt: raisedAt, setupDone: true, stepCount: STEPS_PER_INCIDENT, openDue: [], room: { id: `room-${prefix}-${i}`, name: `room-${prefix}-${i}` },
    })),
  );
  const steps = Array.from({ length: count }, (_, j) => ({
    incidentKey: key(prefix, Math.floor(j / STEPS_PER_INCIDENT)),
    n: (j % STEPS_PER_INCIDENT) + 1,
    dueAt: new Date(NOW.getTime() - DUE_SPREAD_MS + Math.floor(((j + 1) * DUE_SPREAD_MS) / count)),
  }));
  await db.m.Step.insertMany(
    steps.map((s) => ({
      _id: `${s.incidentKey}:${s.n}`, ...s, planStepId: `s${s.n}`, phase: 'respond', title: { en: `Step ${s.n}`, 'zh-CN': `步骤 ${s.n}` }, ownerRole: 'operations',
      owners: [{ id: `owner-${s.incidentKey}-${s.n}`, name: 'Owner' }], status: 'open', version: 0, page: 0,
    })),
  );
  // Scheduled as of when they were due, so each lands in its own minute.
  await scheduleAlerts(db, steps.map((s) => firstStepAlert(s.incidentKey, { ...s, version: 0 }, pb.levels[1]!.escalation)), () => new Date(NOW.getTime() - DUE_SPREAD_MS));
}

/** Alerts due over the next hours, written straight into their buckets in batches (never read by the sweep). */
async function seedFuture(db: Db, count: number): Promise<void> {
  // An even spread in a scrambled order (golden-ratio sequence), grouped by bucket per batch.
  const dueAt = (i: number) => new Date(NOW.getTime() + 1_000 + Math.floor(((i * 0.6180339887498949) % 1) * FUTURE_SPREAD_MS));
  for (let from = 0; from < count; from += SEED_BATCH * 10) {
    const alerts: Alert[] = Array.from({ length: Math.min(SEED_BATCH * 10, count - from) }, (_, k) => {
      const i = from + k;
      const at = dueAt(i);
      return { _id: `alert:BENCH-${i}:step:1:v0:r0`, kind: 'step', incidentKey: `BENCH-${i}`, n: 1, version: 0, rung: 0, base: at, dueAt: at };
    });
    const byBucket = new Map<string, Alert[]>();
    for (const a of alerts) {
      const name = bucketOf(a.dueAt, NOW);
      if (!byBucket.has(name)) byBucket.set(name, []);
      byBucket.get(name)!.push(a);
    }
    const entries = [...byBucket];
    // A few buckets at a time: FerretDB serialises writes anyway.
    for (let i = 0; i < entries.length; i += 8) {
      await Promise.all(entries.slice(i, i + 8).map(([name, list]) => db.conn.db!.collection(name).insertMany(list.map((a) => ({ ...a })) as never[], { ordered: false })));
    }
  }
}

/**
 * Due time → DM queued, with sweeps every 15 s as the default cron runs them: 200 steps fall due
 * spread over one minute; the clock is simulated between sweeps and real during each (so the
 * sweep's own time counts), and each DM's outbox `createdAt` is when it was queued.
 */
async function benchDelay(db: Db, pb: Playbook, where: string): Promise<void> {
  const STEPS = 200;
  const start = NOW;
  let simulated = start.getTime();
  let realAt = performance.now();
  const core: Core = { db, playbook: pb, now: () => new Date(simulated + (performance.now() - realAt)), locale: 'en', log: pino({ level: 'silent' }) };
  const incidents = STEPS / STEPS_PER_INCIDENT;
  await db.m.Incident.insertMany(
    Array.from({ length: incidents }, (_, i) => ({
      _id: key('D', i), key: key('D', i), title: `Delay ${i}`, type: 'supply-chain', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'respond',
      platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'b', name: 'Bench' }, lead: { id: 'alice', name: 'Alice' }, raisedAt: start, startedAt: start,
      ackedAt: start, setupDone: true, stepCount: STEPS_PER_INCIDENT, openDue: [], room: { id: `room-D-${i}`, name: `room-D-${i}` },
    })),
  );
  // Due times spread evenly over the minute after `start`, so they land anywhere between two sweeps.
  const steps = Array.from({ length: STEPS }, (_, j) => ({ incidentKey: key('D', Math.floor(j / STEPS_PER_INCIDENT)), n: (j % STEPS_PER_INCIDENT) + 1, dueAt: new Date(start.getTime() + ((j * 7919) % STEPS) * (60_000 / STEPS)) }));
  await db.m.Step.insertMany(
    steps.map((s) => ({
      _id: `${s.incidentKey}:${s.n}`, ...s, planStepId: `s${s.n}`, phase: 'respond', title: { en: `Step ${s.n}`, 'zh-CN': `步骤 ${s.n}` }, ownerRole: 'operations',
      owners: [{ id: `owner-${s.incidentKey}-${s.n}`, name: 'Owner' }], status: 'open', version: 0, page: 0,
    })),
  );
  await scheduleAlerts(db, steps.map((s) => firstStepAlert(s.incidentKey, { ...s, version: 0 }, pb.levels[1]!.escalation)), () => start);
  const queuedBefore = new Set((await db.m.Outbox.find().select({ _id: 1 }).lean()).map((o) => String(o._id)));
  const sweepMs: number[] = [];
  for (let tick = 1; tick <= 60_000 / CRON_MS; tick++) {
    simulated = start.getTime() + tick * CRON_MS;
    realAt = performance.now();
    await sweep(core);
    sweepMs.push(performance.now() - realAt);
  }
  const queued = (await db.m.Outbox.find().select({ effect: 1, createdAt: 1 }).lean()).filter((o) => !queuedBefore.has(String(o._id)) && (o.effect as { kind: string }).kind === 'dm');
  const dueOf = new Map(steps.map((s) => [`owner-${s.incidentKey}-${s.n}`, s.dueAt.getTime()]));
  const delays = queued.filter((o) => dueOf.has((o.effect as { to: { id: string } }).to.id)).map((o) => o.createdAt.getTime() - dueOf.get((o.effect as { to: { id: string } }).to.id)!);
  console.log(
    `due → DM queued, ${STEPS} steps due over 1 min, sweep every ${CRON_MS / 1000} s, ${where} (${delays.length} DMs): ` +
      `p50 ${ms(pct(delays, 50))}  p99 ${ms(pct(delays, 99))}  max ${ms(Math.max(...delays))}  (aim ≤ ${CRON_MS / 1000 + 1} s; sweeps took ${sweepMs.map((x) => ms(x)).join(', ')})`,
  );
}
