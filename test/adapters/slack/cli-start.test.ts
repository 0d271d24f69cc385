// `crisis-bot start` with the Slack variables set: the real process serves /slack/events, /healthz
// and /metrics on PORT, answers a signed /crisis, stops on SIGTERM, and never prints a token.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack/index.ts';
import { spawnCli } from '../../support/cli.ts';

const SECRET = 'cli-signing-secret-abcdef';

let fake: FakeSlack;
let tmp: string;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>) {
  const child = spawnCli(['start'], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', CRISIS_DATA_DIR: path.join(tmp, 'data'), CRISIS_AUDIT_DIR: path.join(tmp, 'audit'), ...env },
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (b) => (output += b));
  child.stderr!.on('data', (b) => (output += b));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, exited, output: () => output };
}

beforeAll(async () => {
  fake = await startFakeSlack();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-slack-cli-'));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await fake?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe('crisis-bot start with Slack configured', () => {
  it('serves /slack/events, /healthz and /metrics on PORT, answers /crisis help, and stops cleanly', async () => {
    const port = await freePort();
    const bot = start({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), LOG_LEVEL: 'debug' });
    const base = `http://127.0.0.1:${port}`;
    await vi.waitFor(async () => expect((await fetch(`${base}/healthz`)).status).toBe(200), { timeout: 90_000, interval: 250 });
    expect(await fetch(`${base}/metrics`).then((r) => r.text())).toContain('crisis_incidents_open');
    expect((await fake.sendSlashCommand(`${base}/slack/events`, SECRET, { text: 'help' })).status).toBe(200);
    await vi.waitFor(() => expect(JSON.stringify(fake.responses.at(-1)?.body)).toContain('crisis-bot — commands'), { timeout: 10_000 });
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toContain('Slack adapter started');
    expect(bot.output()).not.toContain(fake.botToken);
    expect(bot.output()).not.toContain(SECRET);
  }, 120_000);

  it('refuses to start with a token Slack does not accept, naming the variable and not the token', async () => {
    const bot = start({ SLACK_BOT_TOKEN: 'xoxb-0000-not-a-real-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain('Slack did not accept SLACK_BOT_TOKEN (invalid_auth)');
    expect(bot.output()).not.toContain('xoxb-0000-not-a-real-token');
  }, 120_000);
});
