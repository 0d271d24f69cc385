// Slack adapter: ack latency of `/crisis raise` under load against a bare Bolt app on the same fake,
// and the sequential Web API round trips from a submitted raise to its posted checklist.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { Playbook } from '../src/playbook/schema.ts';
import type { RecordedCall } from '../test/fakes/slack/index.ts';
import { type FakeInfo, startBenchSlack, withBenchWorld } from './bench-slack.ts';
import { pct, report } from './stats.ts';

const SECRET = 'bench-signing-secret';
const CONCURRENT = 50;
const BURSTS = 8;
const STEPS = 20;
// Each Web API answer takes this long, as Slack's do: logically concurrent calls then overlap in
// time, so the count below is the number of round trips a person waits for.
const API_LATENCY_MS = 200;

/** The default playbook plus a 20-step plan (the safety-accident steps, repeated). */
function withLongPlan(base: Playbook): Playbook {
  const plan = base.plans.find((p) => p.id === 'safety-accident')!;
  const steps = Array.from({ length: STEPS }, (_, i) => ({ ...plan.steps[i % plan.steps.length]!, id: `bench-step-${i + 1}` }));
  return { ...base, plans: [...base.plans, { ...plan, id: 'bench-plan', steps }] };
}

/** Sequential round trips: calls whose [arrival, answer] intervals overlap count as one. */
export function sequentialRounds(calls: readonly RecordedCall[]): number {
  let rounds = 0;
  let end = -Infinity;
  for (const c of [...calls].sort((a, b) => a.receivedAt - b.receivedAt)) {
    if (c.receivedAt >= end) {
      rounds++;
      end = c.at;
    } else end = Math.max(end, c.at);
  }
  return rounds;
}

export async function benchSlack(): Promise<void> {
  await withBenchWorld('slack', withLongPlan, async (w) => {
    const { driver, stops } = w;
    const fake = await driver.call<FakeInfo>('info');

    // (a) A bare Bolt app that only acks: the floor for this machine, fake and load.
    const bare = new App({ token: fake.botToken, signingSecret: SECRET, botId: fake.botId, botUserId: fake.botUserId, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.apiUrl } });
    bare.command('/crisis', async ({ ack }) => ack());
    const bareServer = (await bare.start(0)) as Server;
    stops.push(() => bare.stop());
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/slack/events`;

    // (b) The real adapter, on the same fake; everyone the roster names is in this workspace, and commands are typed where the bot is.
    const { slack, base } = await startBenchSlack(w, SECRET);
    const url = `${base}/slack/events`;

    const burst = (u: string) => driver.call<number[]>('burst', { url: u, secret: SECRET, n: CONCURRENT, text: 'raise Bench fire' });
    await burst(bareUrl); // warm-up
    await burst(url);
    await slack.settled();
    const baseline: number[] = [];
    const adapter: number[] = [];
    const burstRatios: number[] = [];
    // Interleaved, so drift on the machine touches both alike.
    for (let i = 0; i < BURSTS; i++) {
      const b = await burst(bareUrl);
      const a = await burst(url);
      baseline.push(...b);
      adapter.push(...a);
      burstRatios.push(pct(a, 99) / pct(b, 99));
      // The modals of one burst are opened before the next burst starts.
      await slack.settled();
    }
    const opened = (await driver.call<RecordedCall[]>('calls')).filter((c) => c.method === 'views.open');
    console.log(`${CONCURRENT} concurrent signed /crisis raise, ${BURSTS} bursts (${baseline.length} requests) each; fake Slack and load generator in their own process:`);
    report('bare Bolt app (ack only)', baseline);
    report('crisis-bot Slack adapter', adapter, baseline);
    console.log(`p99 ratio adapter / bare: ${(pct(adapter, 99) / pct(baseline, 99)).toFixed(2)}× (aim ≤ 1.3×); median of the per-burst p99 ratios ${pct(burstRatios, 50).toFixed(2)}× (${burstRatios.map((r) => r.toFixed(2)).join(', ')})`);
    console.log(`modals opened: ${opened.filter((c) => c.ok).length} of ${opened.length}`);

    // Round trips from a submitted raise to its posted checklist (20 steps, two pages).
    await driver.call('command', { url, secret: SECRET, fields: { text: 'raise Bench round trips', user_id: 'U0ALICE', channel_id: 'C0OPS' } });
    await slack.settled();
    const viewId = await driver.call<string>('lastViewId');
    await driver.call('setLatency', { ms: API_LATENCY_MS });
    await driver.call('clearCalls');
    const t0 = performance.now();
    await driver.call('submit', { url, secret: SECRET, viewId, values: { title: { title: 'Bench round trips' }, type: { type: 'bench-plan' } } });
    await slack.settled();
    const elapsed = performance.now() - t0;
    await driver.call('setLatency', { ms: 0 });
    const calls = await driver.call<RecordedCall[]>('calls');
    const room = (await driver.call<{ id: string; name: string }[]>('channels')).find((c) => c.name.endsWith('bench-round-trips'));
    const created = calls.find((c) => c.method === 'conversations.create' && c.ok);
    const checklist = calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === room?.id && String(c.args.text).startsWith('Checklist'));
    const last = checklist.at(-1);
    if (!created || !last) throw new Error('the war room was not set up');
    const untilChecklist = calls.filter((c) => c.receivedAt <= last.receivedAt);
    const afterChannel = untilChecklist.filter((c) => c.receivedAt >= created.at);
    console.log(`submit -> checklist posted (${STEPS} steps in ${checklist.length} messages, Web API latency ${API_LATENCY_MS} ms): ${untilChecklist.length} calls in ${sequentialRounds(untilChecklist)} sequential round trips`);
    const wall = (last.at - created.at) / API_LATENCY_MS;
    console.log(`${sequentialRounds(afterChannel)} sequential round trips after the channel exists (aim ≤ 4); wall clock from the channel to the last checklist message: ${wall.toFixed(1)}× the API latency`);
    console.log(`every effect delivered, the reporter's confirmation included, ${elapsed.toFixed(0)} ms after the submission: ${calls.map((c) => c.method).join(', ')}`);
  });
}
