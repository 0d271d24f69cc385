// One bot process for the replica test, printing each claim. Given a stall count n, it stops
// making progress at its n-th claim (the parent then kills it with SIGKILL), leaving claimed
// alerts half-done for the others to finish.
// - `sweep` mode: sweeps the shared database at a fixed "now" until no alert is due.
// - `timers` mode: runs the scheduler as `crisis-bot start` does (start-up sweep, cron, deadline
//   timers) on the real clock, until `until` has passed and no alert is due.
import path from 'node:path';
import { pino } from 'pino';
import type { Core } from '../../src/core.ts';
import { startScheduler } from '../../src/scheduler/cron.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { dueAlerts, sentClaim } from '../../src/store/alerts.ts';
import { isClaimed } from '../../src/store/claims.ts';
import { connectDb } from '../../src/store/connect.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';

const [mode, uri, timeIso, leaseMs, stallAfter] = process.argv.slice(2) as ['sweep' | 'timers', string, string, string, string | undefined];
const time = new Date(timeIso);
const db = await connectDb(uri);
const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../../playbooks'));
if (!loaded.ok) throw new Error('default playbook invalid');
const now = mode === 'sweep' ? () => time : () => new Date();
const core: Core = { db, playbook: loaded.playbook, now, locale: 'en', log: pino({ level: process.env.WORKER_LOG ?? 'silent' }, pino.destination(2)) };
let claims = 0;
const onClaimed = async (id: string) => {
  claims++;
  process.stdout.write(`claimed ${id}\n`);
  if (stallAfter && claims === Number(stallAfter)) {
    process.stdout.write('stalled\n');
    // WAKE_AFTER_TAKEOVER: the holder is not dead, only slow (a long GC pause, a frozen VM): it
    // wakes once another process has taken its alert over, and carries on where it was.
    if (!process.env.WAKE_AFTER_TAKEOVER) await new Promise(() => {});
    while (!(await isClaimed(db, `${sentClaim(id)}:t1`))) await new Promise((r) => setTimeout(r, 100));
    process.stdout.write('woke\n');
  }
};
// Two alerts at a time: FerretDB serialises writes, so more in flight only lengthens each one.
const opts = { leaseMs: Number(leaseMs), onClaimed, concurrency: 2 };
if (mode === 'sweep') {
  for (;;) {
    await sweep(core, opts);
    if ((await dueAlerts(db, now())).length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
} else {
  // Sweeps every 5 s: the timers act on the alerts as they fall due, the sweeps pick up what a timer left.
  const scheduler = startScheduler(core, '*/5 * * * * *', opts);
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    if (Date.now() > time.getTime() && (await dueAlerts(db, now())).length === 0) break;
  }
  await scheduler.stop();
}
process.stdout.write('done\n');
await db.close();
process.exit(0);
