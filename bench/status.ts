import { pino } from 'pino';
import { runCommand } from '../commands/index.ts';
import type { Core } from '../src/core.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { connectDb } from '../src/store/connect.ts';
import { startLocalDb } from '../src/store/ferretdb.ts';
import { report, timeIt } from './stats.ts';
import { benchStatusInBot } from './status-process.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const INCIDENTS = 1000;
const STEPS = 20;

/** `/crisis status` and `/crisis status KEY` on a database holding 1,000 open incidents of 20 steps. */
export async function benchStatus(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-bench-'));
  const local = await startLocalDb(dir);
  const db = await connectDb(local.uri);
  try {
    const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../playbooks'));
    if (!loaded.ok) throw new Error('default playbook invalid');
    const core: Core = { db, playbook: loaded.playbook, now: () => new Date(), locale: 'en', log: pino({ level: 'silent' }) };
    const t0 = Date.now();
    const raisedAt = new Date(Date.now() - 3600_000);
    const keys = Array.from({ length: INCIDENTS }, (_, i) => `INC-20260101-${String(i + 1).padStart(4, '0')}`);
    await db.m.Incident.insertMany(
      keys.map((key, i) => ({
        _id: key, key, title: `Bench incident ${i}`, type: 'supply-chain', level: 3, suggestedLevel: 3, gradeReasons: [], criteria: {}, status: 'respond',
        platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'b', name: 'Bench' }, raisedAt: new Date(raisedAt.getTime() + i), startedAt: raisedAt, setupDone: true,
        stepCount: STEPS, openDue: Array.from({ length: STEPS }, (_, s) => new Date(raisedAt.getTime() + s * 600_000)).filter((_, s) => s % 3 !== 0),
      })),
    );
    for (let b = 0; b < INCIDENTS; b += 100) {
      await db.m.Step.insertMany(
        keys.slice(b, b + 100).flatMap((incidentKey) =>
          Array.from({ length: STEPS }, (_, s) => ({
            _id: `${incidentKey}:${s + 1}`, incidentKey, n: s + 1, planStepId: `s${s}`, phase: 'respond', title: { en: `Step ${s}`, 'zh-CN': `步骤 ${s}` }, ownerRole: 'operations',
            owners: [], dueAt: new Date(raisedAt.getTime() + s * 600_000), status: s % 3 ? 'open' : 'done', version: 0, page: Math.floor(s / 10),
          })),
        ),
      );
    }
    await db.m.Board.create({ _id: 'open-incidents', entries: keys.map((key, i) => ({ key, raisedAt: new Date(raisedAt.getTime() + i), scope: 'shell:local' })), rev: 0 });
    console.log(`seeded ${INCIDENTS} incidents × ${STEPS} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const inv = { platform: 'shell' as const, workspace: 'local', user: { id: 'b', name: 'Bench' }, locale: 'en' as const };
    // Baseline: the cheapest indexed read the store can do, measured now on the same database.
    const baseline = await timeIt(200, (i) => db.m.Incident.findById(keys[i % INCIDENTS]).lean());
    await timeIt(20, () => runCommand(core, inv, 'status')); // warm-up
    const list = await timeIt(100, () => runCommand(core, inv, 'status'));
    const one = await timeIt(200, (i) => runCommand(core, inv, `status ${keys[(i * 37) % INCIDENTS]}`));
    report('baseline: one indexed findOne', baseline);
    report('/crisis status (1,000 open)', list, baseline);
    report('/crisis status KEY (20 steps)', one, baseline);
    console.log(`bench process resident memory: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (not the bot's; see below)`);
    await benchStatusInBot(local.uri, dir);
  } finally {
    await db.close();
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
