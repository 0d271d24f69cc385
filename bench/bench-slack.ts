// What the Slack benches share (bench/slack.ts, bench/signals.ts): a local database and a core on
// the default playbook as the bench shapes it, the fake Slack in its own process, and the real Slack
// adapter on that fake — all stopped again whatever the bench throws.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startSlack, type SlackAdapter } from '../adapters/slack/index.ts';
import type { Config } from '../src/config.ts';
import type { Core } from '../src/core.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import type { Playbook } from '../src/playbook/schema.ts';
import { connectDb } from '../src/store/connect.ts';
import { startLocalDb } from '../src/store/ferretdb.ts';

/** The fake Slack and the load generator run in a child process (bench/slack-driver.ts; or another driver speaking its protocol). */
export async function startDriver(script = 'slack-driver.ts') {
  const child: ChildProcess = fork(path.join(import.meta.dirname, script), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
      if (m.ready) return resolve();
      const w = waiting.get(m.id!);
      waiting.delete(m.id!);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
  });
  const call = <T>(op: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });
  return { call, stop: () => call('stop').catch(() => undefined) };
}

export type FakeInfo = { apiUrl: string; botToken: string; botId: string; botUserId: string };

export type BenchWorld = {
  core: Core;
  dir: string;
  driver: Awaited<ReturnType<typeof startDriver>>;
  /** Stopped in reverse order when the bench ends. */
  stops: (() => Promise<unknown>)[];
};

/** Runs `bench` on a fresh database (in a folder named after `prefix`) with the playbook `shape` makes, then stops everything. */
export async function withBenchWorld(prefix: string, shape: (p: Playbook) => Playbook, bench: (w: BenchWorld) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `crisis-bench-${prefix}-`));
  const local = await startLocalDb(dir);
  const db = await connectDb(local.uri);
  const driver = await startDriver();
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../playbooks'));
    if (!loaded.ok) throw new Error('default playbook invalid');
    const core: Core = { db, playbook: shape(loaded.playbook), now: () => new Date(), locale: 'en', log: pino({ level: 'silent' }) };
    await bench({ core, dir, driver, stops });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await driver.stop();
    await db.close();
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The real Slack adapter in HTTP mode on the world's fake Slack, signing with `secret`; everyone the
 * roster names is in the fake workspace. Its outbox is drained by the bench, not on a timer.
 */
export async function startBenchSlack(w: BenchWorld, secret: string): Promise<{ slack: SlackAdapter; fake: FakeInfo; base: string }> {
  const fake = await w.driver.call<FakeInfo>('info');
  await w.driver.call('setup', { users: w.core.playbook.roster.flatMap((p) => (p.slack ? [p.slack] : [])) });
  const config: Config = { dataDir: w.dir, playbookDir: '', port: 0, locale: 'en', logLevel: 'silent', slack: { botToken: fake.botToken, signingSecret: secret, apiUrl: fake.apiUrl } };
  const slack = await startSlack({ core: w.core, close: async () => undefined }, config, { dispatchIntervalMs: 3_600_000 });
  w.stops.push(() => slack.stop());
  return { slack, fake, base: `http://127.0.0.1:${(slack.server!.address() as AddressInfo).port}` };
}
