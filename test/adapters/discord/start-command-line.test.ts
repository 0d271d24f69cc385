import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IDS, startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.ts';
import { spawnCli } from '../../support/cli.ts';


const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let fake: FakeDiscord;
let tmp: string;
let child: ChildProcess | undefined;
beforeAll(async () => {
  fake = await startFakeDiscord();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-discord-start-'));
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await fake?.stop();
  await rm(tmp, { recursive: true, force: true });
});

// Starts real processes (tsx, FerretDB); on two busy cores that takes a while.
describe('crisis-bot start with DISCORD_TOKEN', { timeout: 180_000 }, () => {
  it('connects to Discord, answers /crisis, serves /healthz and /metrics on PORT, and stops on SIGTERM', async () => {
    const port = await freePort();
    let stderr = '';
    child = spawnCli(['start'], {
      env: {
        PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', PORT: String(port), CRISIS_DATA_DIR: path.join(tmp, 'data'), CRISIS_AUDIT_DIR: path.join(tmp, 'audit'),
        DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (b) => (stderr += b));

    await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200), { timeout: 150_000, interval: 200 });
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true, db: true });
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('crisis_incidents_open 0');
    expect(fake.gateway.frames.some((f) => f.dir === 'in' && f.op === 2)).toBe(true);

    const { id } = fake.dispatchInteraction({ kind: 'slash', subcommand: 'help', userId: IDS.alice });
    await vi.waitFor(() => expect(fake.state.interactions.get(id)?.originalMessageId).toBeTruthy(), { timeout: 10_000 });
    await vi.waitFor(() => expect(fake.state.message(fake.state.interactions.get(id)!.originalMessageId!)?.data.content).toContain('/crisis raise'));

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/error/i);
  });
});
