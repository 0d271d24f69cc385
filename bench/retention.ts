import { changePhase } from '../src/incidents/phase.ts';
import { raise } from '../src/incidents/service.ts';
import { setStepDone } from '../src/incidents/tick.ts';
import type { Core } from '../src/core.ts';
import { purge, RETENTION } from '../src/store/retention.ts';
import { benchCore, defaultPlaybook, withLocalDb } from './alert-seed.ts';

/** Cycles per round; two rounds show whether what is left after a purge grows with the cycles. */
const CYCLES = Number(process.env.BENCH_CYCLES ?? 200);
const lead = { id: 'bench-lead', name: 'Bench Lead' };

/** One incident's life as the store sees it: raised, a step ticked, closed. */
async function cycle(core: Core, i: number): Promise<void> {
  const { incident } = await raise(core, { title: `Bench ${i}`, type: 'supply-chain', criteria: {} }, { platform: 'shell', workspace: 'local', locale: 'en', reporter: lead, eventKey: `bench-${i}` });
  await setStepDone(core, incident, 1, true, lead);
  for (const to of ['assess', 'respond', 'control', 'resolve', 'review', 'closed'] as const) await changePhase(core, incident, to, lead);
}

async function sizes(core: Core) {
  const stats = (await core.db.conn.db!.stats()) as { dataSize?: number; storageSize?: number };
  const count = (m: 'Dedup' | 'Op' | 'Outbox' | 'Timeline') => core.db.m[m].countDocuments({});
  return { bytes: stats.dataSize ?? stats.storageSize ?? 0, dedup: await count('Dedup'), ops: await count('Op'), outbox: await count('Outbox'), timeline: await count('Timeline') };
}

const line = (what: string, s: Awaited<ReturnType<typeof sizes>>) =>
  console.log(`${what.padEnd(40)} dedup ${String(s.dedup).padStart(6)}  ops ${s.ops}  outbox ${s.outbox}  timeline ${String(s.timeline).padStart(6)}  db ${(s.bytes / 2 ** 20).toFixed(1)} MB`);

/**
 * `npm run bench -- retention`: bookkeeping left by raise → tick → close cycles, before and after
 * a retention run, over two rounds. The baseline is the first round: once purged, the second
 * round should leave what the first left (bounded), while the record (timeline) grows.
 */
export async function benchRetention(): Promise<void> {
  const playbook = await defaultPlaybook();
  await withLocalDb(async (open) => {
    const db = await open('retention');
    let now = new Date('2026-11-01T00:00:00Z').getTime();
    db.now = () => new Date(now);
    const core = benchCore(db, playbook, () => new Date(now));
    const t0 = performance.now();
    const after: number[] = [];
    for (let round = 1; round <= 2; round++) {
      for (let i = 0; i < CYCLES; i++) {
        await cycle(core, round * 100_000 + i);
        now += 60_000;
      }
      const grown = await sizes(core);
      line(`round ${round}: after ${CYCLES} cycles`, grown);
      console.log(`  dedup documents per cycle before purging: ${(grown.dedup / CYCLES).toFixed(1)}`);
      now += RETENTION.claimsMs + 3_600_000;
      const r = await purge(db);
      const purged = await sizes(core);
      line(`round ${round}: after a retention run`, purged);
      console.log(`  purged ${r.claims} claims, ${r.drafts} drafts, ${r.failed} failed entries`);
      after.push(purged.dedup);
    }
    console.log(`dedup left after purge, round 2 / round 1: ${after[0] ? (after[1]! / after[0]).toFixed(2) : `${after[1]} / 0`} (aim: bounded, not growing with cycles)`);
    console.log('(outbox entries stay pending here: no dispatcher runs in this bench; delivered ones are deleted)');
    console.log(`${2 * CYCLES} cycles in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  });
}
