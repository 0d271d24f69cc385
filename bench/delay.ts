import type { Core } from '../src/core.ts';
import { startScheduler } from '../src/scheduler/cron.ts';
import { sweep } from '../src/scheduler/sweep.ts';
import type { Db } from '../src/store/connect.ts';
import { benchCore, defaultPlaybook, dmDelays, seedFuture, seedSteps, withLocalDb } from './alert-seed.ts';
import { ms, pct } from './stats.ts';

const PENDING = 10_000;
const STEPS = 200;
const CRON_MS = 15_000;
const FUTURE_SPREAD_MS = 8 * 3_600_000;
/** The measured steps fall due over this long, starting this long after the scheduler starts. */
const DUE_OVER_MS = 30_000;
const LEAD_MS = 5_000;

/**
 * `npm run bench -- delay`: due → DM queued (the outbox entry's `createdAt` minus the step's due
 * time) for 200 steps among 10,000 pending alerts. Measured with the scheduler as `crisis-bot
 * start` runs it (default 15-second cron, deadline timers) on the real clock: the steps are
 * stored before it starts, so their timers are armed by its sweeps' reads, as for alerts
 * scheduled long before. Baseline in the same run: the same set-up with the sweeps alone (no
 * timers) every 15 s — the behaviour before the timers — on a simulated clock.
 */
export async function benchDelay(): Promise<void> {
  const playbook = await defaultPlaybook();
  await withLocalDb(async (open) => {
    const baseline = await sweepsAlone(benchCore(await open('delay_sweeps'), playbook, () => new Date()));
    const timers = await withTimers(await open('delay_timers'), (db, now) => benchCore(db, playbook, now));
    const line = (name: string, d: number[]) => `${name}: p50 ${ms(pct(d, 50))}  p99 ${ms(pct(d, 99))}  max ${ms(Math.max(...d))} (${d.length} DMs)`;
    console.log(line(`baseline, sweeps alone every ${CRON_MS / 1000} s`, baseline));
    console.log(
      `${line('deadline timers + sweeps', timers)} = ${(pct(timers, 50) / pct(baseline, 50)).toFixed(3)}× / ${(pct(timers, 99) / pct(baseline, 99)).toFixed(3)}× baseline p50/p99 ` +
        `(aim p99 ≤ 1 s: ${(pct(timers, 99) / 1000).toFixed(2)}× the aim)`,
    );
  });
}

async function withTimers(db: Db, coreOf: (db: Db, now: () => Date) => Core): Promise<number[]> {
  const core = coreOf(db, () => new Date());
  // The other pending alerts fall due after the measured ones, over the next hours.
  await seedFuture(db, PENDING - STEPS, new Date(Date.now() + 5 * 60_000), FUTURE_SPREAD_MS);
  const from = Date.now() + LEAD_MS;
  const dueOf = await seedSteps(core, 'T', STEPS, (j) => new Date(from + ((j * 7919) % STEPS) * (DUE_OVER_MS / STEPS)));
  const scheduler = startScheduler(core);
  try {
    const last = from + DUE_OVER_MS;
    while (Date.now() < last + 2_000 || (await dmDelays(db, dueOf)).length < STEPS) {
      if (Date.now() > last + 60_000) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await scheduler.stop();
  }
  return dmDelays(db, dueOf);
}

/**
 * Sweeps alone: the steps fall due spread over one minute, sweeps run every 15 s; the clock is
 * simulated between sweeps and real during each, so a sweep's own time counts.
 */
async function sweepsAlone(base: Core): Promise<number[]> {
  const start = new Date('2026-11-28T12:00:00Z');
  let simulated = start.getTime();
  let realAt = performance.now();
  const core: Core = { ...base, now: () => new Date(simulated + (performance.now() - realAt)) };
  await seedFuture(core.db, PENDING - STEPS, new Date(start.getTime() + 120_000), FUTURE_SPREAD_MS);
  await sweep(core); // the process's start-up sweep, before anything is due
  const dueOf = await seedSteps(core, 'S', STEPS, (j) => new Date(start.getTime() + 1 + ((j * 7919) % STEPS) * (60_000 / STEPS)));
  for (let tick = 1; tick <= 60_000 / CRON_MS; tick++) {
    simulated = start.getTime() + tick * CRON_MS;
    realAt = performance.now();
    await sweep(core);
  }
  return dmDelays(core.db, dueOf);
}
