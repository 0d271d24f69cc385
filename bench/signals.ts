// Signals: `POST /signals` ingestion of 10,000 signed signals across 50 rules against a bare
// node:http handler that only reads the body, on the same machine in the same run; then the Slack
// adapter's ack latency for /crisis with and without a signal flood on the same port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOpsServer } from '../src/http.ts';
import type { Playbook } from '../src/playbook/schema.ts';
import { startSignals } from '../src/signals/service.ts';
import { startBenchSlack, startDriver, withBenchWorld } from './bench-slack.ts';
import { bodies, IN_FLIGHT, RULES, SIGNALS, SIGNALS_SECRET as SECRET, type Flood } from './signal-flood.ts';
import { pct, report } from './stats.ts';

const SLACK_SECRET = 'bench-signing-secret';
/** Bursts of Slack acks with and without the flood: 8 × 50 samples each, so that p99 is not one unlucky request. */
const BURSTS = 8;

/** The default playbook with 50 warn rules on metrics bench_0 … bench_49. */
function withRules(base: Playbook): Playbook {
  const model = base.signals!.rules.find((r) => r.action === 'warn')!;
  const rules = Array.from({ length: RULES }, (_, i) => ({ ...model, id: `bench-${i}`, metric: `bench_${i}`, threshold: 100 }));
  return { ...base, signals: { ...base.signals!, rules } };
}

/** The floor: a node:http server that reads the body and answers 202. */
async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/signals`, close: () => new Promise((r) => server.close(() => r())) };
}

const line = (name: string, r: Flood, base?: Flood) => {
  report(name, r.latencies, base?.latencies);
  console.log(`  ${(r.latencies.length / r.seconds).toFixed(0)} signals/s; answers ${[...r.statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
};

export async function benchSignals(): Promise<void> {
  await withBenchWorld('signals', withRules, async (w) => {
    const { core, driver, stops } = w;
    const db = core.db;
    const signals = await startSignals(core, SECRET, { cron: false });
    stops.push(() => signals.stop());
    const ops = await startOpsServer(core, 0, '127.0.0.1');
    stops.push(() => ops.close());
    const bare = await bareServer();
    stops.push(() => bare.close());

    // The load comes from a process of its own (bench/flood-driver.ts), as a monitoring tool's would.
    const flooder = await startDriver('flood-driver.ts');
    stops.push(() => flooder.stop());
    const send = (url: string, n = SIGNALS) => flooder.call<Flood>('flood', { url, n });
    await send(bare.url, 500); // warm-up of the client and the handler
    const baseline = await send(bare.url);
    const ingest = await send(`http://127.0.0.1:${ops.port}/signals`);
    await signals.evaluator.idle();
    const warnings = await db.m.Warning.countDocuments({});
    const cards = await db.m.Outbox.countDocuments({});
    console.log(`${SIGNALS} signed signals over ${RULES} rules, ${IN_FLIGHT} in flight, load generator in a process of its own:`);
    line('bare node:http (reads the body only)', baseline);
    line('POST /signals (verify, validate, record)', ingest, baseline);
    console.log(`  p99 ingestion ${ingest.latencies.length ? pct(ingest.latencies, 99).toFixed(1) : '?'} ms (aim < 20 ms); warnings after evaluation: ${warnings} for the ${new Set(bodies().map((b) => JSON.parse(b).dedup_key)).size} rule × dedup keys sent (one each at most), their card entries ${cards} (a card, and an edit when a later pass changed it)`);

    // The Slack adapter on the same core; /signals is mounted beside /slack/events on its port.
    const { base } = await startBenchSlack(w, SLACK_SECRET);
    const burst = () => driver.call<number[]>('burst', { url: `${base}/slack/events`, secret: SLACK_SECRET, n: 50, text: 'status' });
    await burst();
    const quiet: number[] = [];
    const loud: number[] = [];
    for (let i = 0; i < BURSTS; i++) {
      quiet.push(...(await burst()));
      const during = send(`${base}/signals`, 2500);
      loud.push(...(await burst()));
      await during;
    }
    await signals.evaluator.idle();
    console.log(`Slack /crisis status acks, ${BURSTS} bursts of 50, without and during a flood of 2,500 signals on the same port (the flood sent from a process of its own, the acks from the fake Slack's):`);
    report('Slack ack, quiet', quiet);
    report('Slack ack, during the flood', loud, quiet);
    console.log(`  p99 ratio during / quiet: ${(pct(loud, 99) / pct(quiet, 99)).toFixed(2)}× (aim ≤ 1.3×)`);
  });
}
