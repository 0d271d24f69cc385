// One bot process for the replica test: sweeps the shared database at a fixed "now" until no alert
// is due, printing each claim. Given a stall count n, it stops making progress at its n-th claim (the
// parent then kills it with SIGKILL), leaving claimed alerts half-done for the others to finish.
import path from 'node:path';
import { pino } from 'pino';
import type { Core } from '../../src/core.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { dueAlerts } from '../../src/store/alerts.ts';
import { connectDb } from '../../src/store/connect.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';

const [uri, nowIso, leaseMs, stallAfter] = process.argv.slice(2) as [string, string, string, string | undefined];
const now = new Date(nowIso);
const db = await connectDb(uri);
const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../../playbooks'));
if (!loaded.ok) throw new Error('default playbook invalid');
const core: Core = { db, playbook: loaded.playbook, now: () => now, locale: 'en', log: pino({ level: process.env.WORKER_LOG ?? 'silent' }, pino.destination(2)) };
let claims = 0;
const onClaimed = async (id: string) => {
  claims++;
  process.stdout.write(`claimed ${id}\n`);
  if (stallAfter && claims >= Number(stallAfter)) {
    process.stdout.write('stalled\n');
    await new Promise(() => {});
  }
};
for (;;) {
  // Two alerts at a time: FerretDB serialises writes, so more in flight only lengthens each one.
  await sweep(core, { leaseMs: Number(leaseMs), onClaimed, concurrency: 2 });
  if ((await dueAlerts(db, now)).length === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write('done\n');
await db.close();
process.exit(0);
