// The real bot process for the SIGKILL test: `crisis-bot start` (src/main.ts) with Slack over HTTP
// and Discord, both pointed at the fakes on 127.0.0.1, on the test's database. One process at a
// time; the test kills it with SIGKILL and starts the next on the same database and data.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { vi } from 'vitest';
import type { FakeDiscord } from '../fakes/discord/index.ts';
import type { FakeSlack } from '../fakes/slack/index.ts';
import { spawnCli } from '../support/cli.ts';

export const SECRET = 'sigkill-signing-secret-0123456789';
/** The same key in every process: the timeline's chain is keyed (src/audit/key.ts) and each restart continues it. */
export const AUDIT_KEY = 'a'.repeat(64);
/**
 * The outbox lease of these processes (CRISIS_OUTBOX_LEASE_MS): a restart may take over a killed
 * holder's entry after this long instead of the default 60 s. Above any one attempt here.
 */
export const LEASE_MS = 3000;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type Bot = {
  child: ChildProcess;
  /** Events URL of its Slack HTTP receiver. */
  events: string;
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL, then resolves once the process is gone. */
  kill(): Promise<void>;
};

export type Fakes = { slack: FakeSlack; discord: FakeDiscord };

/** Every process started here: a test that fails half-way must not leave a bot running. */
const started = new Set<Bot>();
export async function killAll(): Promise<void> {
  for (const b of started) await b.kill();
}

/** SIGKILL now, from inside a fake's hook; a process already gone is fine. */
export function sigkill(bot: Bot): void {
  try {
    process.kill(bot.child.pid!, 'SIGKILL');
  } catch {
    // ESRCH: it died already.
  }
}

/** A loaded machine (2 cores shared by several test runs) takes tens of seconds to start a process. */
const START_TIMEOUT_MS = 150_000;

/** Starts `crisis-bot start` and resolves once Slack answers on /healthz and Discord's gateway session is up. */
export async function startBot(fakes: Fakes, dir: string, mongodbUri: string): Promise<Bot> {
  const port = await freePort();
  const known = new Set(fakes.discord.gateway.sessions.keys());
  const child = spawnCli(['start'], {
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? '/tmp',
      MONGODB_URI: mongodbUri,
      CRISIS_DATA_DIR: path.join(dir, 'data'),
      CRISIS_AUDIT_DIR: path.join(dir, 'audit'),
      CRISIS_AUDIT_KEY: AUDIT_KEY,
      CRISIS_OUTBOX_LEASE_MS: String(LEASE_MS),
      // Every second: a due alert is sent within a second of being scheduled by the test.
      CRISIS_SWEEP_CRON: '* * * * * *',
      PORT: String(port),
      LOG_LEVEL: process.env.SIGKILL_LOG ?? 'warn',
      SLACK_BOT_TOKEN: fakes.slack.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fakes.slack.apiUrl,
      DISCORD_TOKEN: fakes.discord.token,
      DISCORD_APPLICATION_ID: fakes.discord.applicationId,
      DISCORD_GUILD_ID: fakes.discord.guildId,
      DISCORD_API_URL: fakes.discord.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b));
  child.stderr!.on('data', (b: Buffer) => (out += b));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const bot: Bot = {
    child,
    events: `http://127.0.0.1:${port}/slack/events`,
    output: () => out,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) sigkill(bot);
      await exited;
      started.delete(bot);
    },
  };
  started.add(bot);
  let gone = false;
  void exited.then(() => (gone = true));
  await vi.waitFor(
    async () => {
      if (gone) throw Object.assign(new Error(`the bot exited while starting:\n${out.slice(-2000)}`), { fatal: true });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
      if (health !== 200) throw new Error('not serving yet');
      // Slack starts first (src/main.ts); Discord is up once this process identified on the gateway (READY and the guild follow at once).
      if (![...fakes.discord.gateway.sessions].some(([id, s]) => !known.has(id) && s.conn)) throw new Error('Discord not connected yet');
    },
    { timeout: START_TIMEOUT_MS, interval: 100 },
  ).catch(async (err: unknown) => {
    await bot.kill();
    throw err;
  });
  return bot;
}
