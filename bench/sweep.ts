import type { Core } from '../src/core.ts';
import { sweep, type SweepResult } from '../src/scheduler/sweep.ts';
import { minuteOf, READ_BACK_MINUTES, slotName, slotsOfMinutes } from '../src/store/alert-slots.ts';
import { dueAlerts } from '../src/store/alerts.ts';
import type { Db } from '../src/store/connect.ts';
import { benchCore, defaultPlaybook, seedFuture, seedSteps, withLocalDb } from './alert-seed.ts';
import { ms, pct, timeIt } from './stats.ts';
import { countTrips, tripsLine, type Trips } from './trips.ts';

const SIZES = [1_000, 10_000];
const DUE_SHARE = 0.01;
/** The control: the same few due alerts among each size of pending set. */
const FIXED_DUE = 10;
const CRON_MS = 15_000;
/** Not-yet-due alerts fall due over the next 8 hours (level-2…4 step deadlines, ack, update cadence). */
const FUTURE_SPREAD_MS = 8 * 3_600_000;
/** Mid-minute, as a real sweep is. */
const NOW = new Date('2026-11-28T12:00:30Z');

type Run = { size: number; due: number; sweepMs: number; findMs: number; examined: number; slots: number; startMs: number; baselineMs: number; trips: Trips; tripMs: number };

/**
 * `npm run bench -- sweep`: one steady-state sweep over 1k and 10k pending alerts of which 1 %
 * fell due since the previous sweep (15 s earlier), and a control of 10 due among each pending
 * set. Before it, the process's start-up sweep (the whole ring) on the same pending set. The
 * baseline, measured in the same run on a copy of the same pending set: the query of the design
 * before the per-minute buckets, `{dueAt: {$lte: now}}` over one collection.
 */
export async function benchSweep(): Promise<void> {
  const playbook = await defaultPlaybook();
  console.log(
    `pending alerts due evenly over the next ${FUTURE_SPREAD_MS / 3_600_000} h from ${NOW.toISOString()}; the due ones fell due over the ${CRON_MS / 1000} s ` +
      'since the previous sweep (a sweep every 15 s, as the default cron); each is a step of a real incident, sent in full (timeline, DMs and room notice queued, next rung)',
  );
  const ones: Run[] = [];
  const fixed: Run[] = [];
  await withLocalDb(async (open) => {
    for (const size of SIZES) {
      // At 1,000 pending, 1 % due is the control's 10: one run serves both.
      for (const due of new Set([FIXED_DUE, Math.round(size * DUE_SHARE)])) {
        // Command monitoring: every command sent to the server is counted (src/store/connect.ts passes the URI through).
        const db = await open(`sweep_${size}_${due}?monitorCommands=true`);
        const run = await measure(benchCore(db, playbook, () => clock), db, size, due);
        if (due === FIXED_DUE) fixed.push(run);
        if (due === Math.round(size * DUE_SHARE)) ones.push(run);
        console.log(`${label(size, due)}: ${line(run)}`);
      }
    }
  });
  ratios(`${FIXED_DUE} due (control)`, fixed);
  ratios(`${DUE_SHARE * 100} % due`, ones);
  const at10k = ones.at(-1)!;
  console.log(
    `aim: a sweep at 10,000 pending ≤ 1 s — ${ms(at10k.sweepMs)} (${(at10k.sweepMs / 1000).toFixed(2)}× the aim); finding its due alerts took ` +
      `${ms(at10k.findMs)} = ${(at10k.findMs / at10k.baselineMs).toFixed(2)}× the single-collection baseline (${ms(at10k.baselineMs)})`,
  );
  console.log(
    'plan: each slot read is `find({dueAt: {$lte: now}})` on one of 64 slot collections. On FerretDB 1.24 (SQLite) that is a SCAN of the slot (no index but `_id`\'s is used), ' +
      `so a steady sweep examines the ${at10k.slots} slots of its window (${READ_BACK_MINUTES} minutes read back, the current one; one more with deadline timers looking ahead), ` +
      `about pending × ${at10k.slots}/64 documents, and a start-up sweep all 64; on MongoDB it is an IXSCAN of each slot's {dueAt: 1} index (this run did not measure MongoDB). ` +
      `The rest of a sweep is the send path, ${tripsLine(at10k.trips, at10k.due)} at 10k: per alert the step read (beside its incident's), the sent claim (one insert), ` +
      'two lease checks, the timeline append (two reads, one insert); the outbox entries, next rungs, done marks (per 25 alerts) and deletes batched — 10.2 per alert before this ' +
      'was batched. FerretDB serialises them all, reads too: a sweep costs about its round trips × one round trip under the same load. With the deadline timers running, alerts are sent as they fall due and a steady sweep finds almost none due: ' +
      'the 1 % case is the catch-up after a restart.',
  );
}

let clock = NOW;

async function measure(core: Core, db: Db, size: number, due: number): Promise<Run> {
  await seedFuture(db, size - due, new Date(NOW.getTime() + 1_000), FUTURE_SPREAD_MS);
  // The process starts 15 s before now: its first sweep reads the whole ring (nothing is due yet).
  clock = new Date(NOW.getTime() - CRON_MS);
  const s0 = performance.now();
  await sweep(core);
  const startMs = performance.now() - s0;
  await seedSteps(core, 'A', due, (j) => new Date(NOW.getTime() - CRON_MS + Math.floor(((j + 1) * CRON_MS) / due)));
  clock = NOW;
  // The slots the next sweep reads (src/scheduler/cursor.ts): from READ_BACK_MINUTES before the previous sweep's minute to now.
  const window = slotsOfMinutes(minuteOf(NOW.getTime() - CRON_MS) - READ_BACK_MINUTES, minuteOf(NOW));
  let examined = 0;
  for (const n of window) examined += await db.conn.db!.collection(slotName(n)).countDocuments();
  const f0 = performance.now();
  const found = await dueAlerts(db, NOW, window);
  const findMs = performance.now() - f0;
  if (found.length !== due) throw new Error(`expected ${due} due alerts in the window, found ${found.length}`);
  const trips = countTrips(db);
  const t0 = performance.now();
  const r: SweepResult = await sweep(core);
  const sweepMs = performance.now() - t0;
  trips.stop();
  if (r.sent !== due || r.failed) throw new Error(`sweep sent ${r.sent} of ${due} (${r.failed} failed)`);
  // One round trip's time now, on the same database and load: what the sweep costs in round trips' worth.
  const unit = await timeIt(50, (i) => db.m.Incident.findById(`INC-A-${String((i % 10) + 1).padStart(4, '0')}`).lean());
  return { size, due, sweepMs, findMs, examined, slots: window.length, startMs, baselineMs: await baseline(db), trips: trips.counts, tripMs: pct(unit, 50) };
}

/** The design before the buckets, for comparison: every pending alert copied into one collection, queried by due time; then dropped. */
async function baseline(db: Db): Promise<number> {
  const single = db.conn.db!.collection('baseline_single_collection');
  for (let n = 0; n < 64; n++) {
    const docs = await db.conn.db!.collection(slotName(n)).find({}).toArray();
    for (let i = 0; i < docs.length; i += 1_000) await single.insertMany(docs.slice(i, i + 1_000));
  }
  const t0 = performance.now();
  await single.find({ dueAt: { $lte: NOW } }).sort({ dueAt: 1 }).limit(500).toArray();
  const took = performance.now() - t0;
  await single.drop();
  return took;
}

const label = (size: number, due: number) => `${size.toLocaleString('en').padStart(7)} pending, ${String(due).padStart(4)} due`;
const line = (r: Run) =>
  `start-up sweep (64 slots) ${ms(r.startMs)}; steady sweep ${ms(r.sweepMs)} = ${ms(r.sweepMs / Math.max(1, r.due))} per alert ` +
  `(${(r.sweepMs / r.tripMs).toFixed(0)}× one findById now, ${ms(r.tripMs)}); round trips ${tripsLine(r.trips, r.due)}; ` +
  `finding the due alerts ${ms(r.findMs)} (${r.slots} slots, ${r.examined} docs examined) vs single-collection baseline ${ms(r.baselineMs)} = ${(r.findMs / r.baselineMs).toFixed(2)}×`;

function ratios(what: string, runs: Run[]): void {
  for (let i = 1; i < runs.length; i++) {
    const [a, b] = [runs[i - 1]!, runs[i]!];
    console.log(
      `${what}, ${a.size.toLocaleString('en')} → ${b.size.toLocaleString('en')} pending: steady sweep ${(b.sweepMs / a.sweepMs).toFixed(2)}×, finding ${(b.findMs / a.findMs).toFixed(2)}× ` +
        `(docs examined ${(b.examined / Math.max(1, a.examined)).toFixed(1)}×), start-up sweep ${(b.startMs / a.startMs).toFixed(2)}×, baseline ${(b.baselineMs / a.baselineMs).toFixed(2)}× ` +
        `— for ${(b.due / a.due).toFixed(0)}× the due alerts and ${(b.size / a.size).toFixed(0)}× the total`,
    );
  }
}
