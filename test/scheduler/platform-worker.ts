// One bot process for the platform replicas test: the deadline sweep and a running outbox
// dispatcher delivering to the fake Slack through the real Web API client, on a test clock that
// starts at the given time and runs. Given a stall count n it stops at its n-th claim until another
// process has taken that alert over (its lease ran out), then carries on: a slow holder, not a dead one.
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { pino } from 'pino';
import { SlackPort } from '../../adapters/slack/port.ts';
import type { Core } from '../../src/core.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { dueAlerts, sentClaim } from '../../src/store/alerts.ts';
import { isClaimed } from '../../src/store/claims.ts';
import { connectDb } from '../../src/store/connect.ts';

const [uri, timeIso, leaseMs, apiUrl, token, botUserId, stallAfter] = process.argv.slice(2) as [string, string, string, string, string, string, string | undefined];
const t0 = Date.now();
const start = new Date(timeIso).getTime();
const now = () => new Date(start + (Date.now() - t0));
const db = await connectDb(uri, { now });
const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../../playbooks'));
if (!loaded.ok) throw new Error('default playbook invalid');
const log = pino({ level: process.env.WORKER_LOG ?? 'silent' }, pino.destination(2));
const core: Core = { db, playbook: loaded.playbook, now, locale: 'en', log };
// As the Slack adapter builds it: the outbox retries, not the client (adapters/slack/index.ts).
const client = new webApi.WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: false, timeout: 15_000 });
const dispatcher = new Dispatcher(core, new SlackPort(client, 'en', log, botUserId));
dispatcher.start(200);

let claims = 0;
const onClaimed = async (id: string) => {
  if (++claims !== Number(stallAfter)) return;
  process.stdout.write('stalled\n');
  while (!(await isClaimed(db, `${sentClaim(id)}:t1`))) await new Promise((r) => setTimeout(r, 100));
  process.stdout.write('woke\n');
};
const opts = { leaseMs: Number(leaseMs), onClaimed, concurrency: 2 };
const deadline = Date.now() + 150_000;
for (;;) {
  await sweep(core, opts);
  await dispatcher.drain();
  const due = (await dueAlerts(db, now())).length;
  const pending = await db.m.Outbox.countDocuments({});
  if ((due === 0 && pending === 0) || Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 200));
}
await dispatcher.stop();
process.stdout.write('done\n');
await db.close();
process.exit(0);
