// Two `npm start` on one data folder (issue 19, item 3): the second joins the database the first
// started instead of opening its files again; both see each other's incidents, a deadline alert
// is sent once, and the database outlives the first to stop and goes with the last.
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../../support/cli.ts';
import { DEFAULT_PLAYBOOK } from '../../support/core.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-two-'));
});
const started: ChildProcess[] = [];
afterAll(async () => {
  // A failed run must not leave bots (and through them the database) behind.
  for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

/** A terminal a person types into: `type` sends a line, `until` waits for the output to show something. */
function terminal(env: Record<string, string>) {
  const child: ChildProcess = spawnCli(['start'], { env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env } });
  let out = '';
  const waiters: (() => void)[] = [];
  const seen = (b: Buffer) => {
    out += b;
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', seen);
  child.stderr!.on('data', seen);
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  started.push(child);
  return {
    get out() {
      return out;
    },
    type: (line: string) => void child.stdin!.write(`${line}\n`),
    /** Not a timed assertion: a guard so a hung process fails with what it printed, not a bare timeout. */
    async until(pattern: RegExp, giveUpMs = 90_000): Promise<RegExpMatchArray> {
      const giveUp = Date.now() + giveUpMs;
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (child.exitCode !== null || Date.now() > giveUp) throw new Error(`${child.exitCode !== null ? 'exited' : 'still waiting'} before ${pattern}:\n${out}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 1000);
        });
      }
    },
    end: () => (child.stdin!.end(), exited),
  };
}

describe('two terminals on one data folder', { timeout: 240_000 }, () => {
  it('share one database: each sees the other’s incidents, an alert is sent once, and the last to stop stops it', async () => {
    // Acknowledgement due 3 s after a raise and a sweep every second: the alert comes while both run.
    const playbook = path.join(tmp, 'playbook');
    await cp(DEFAULT_PLAYBOOK, playbook, { recursive: true });
    const levels = path.join(playbook, 'levels.yml');
    await writeFile(levels, (await readFile(levels, 'utf8')).replace(/acknowledge: \w+/g, 'acknowledge: 3s'));
    const data = path.join(tmp, 'data');
    const env = { CRISIS_DATA_DIR: data, CRISIS_AUDIT_DIR: path.join(tmp, 'audit'), PLAYBOOK_DIR: playbook, CRISIS_SWEEP_CRON: '* * * * * *' };

    const rita = terminal({ ...env, CRISIS_USER: 'rita' });
    await rita.until(/You are “rita”/);
    const state = JSON.parse(await readFile(path.join(data, 'ferretdb.json'), 'utf8')) as { port: number; pid: number };
    const bob = terminal({ ...env, CRISIS_USER: 'bob' });
    await bob.until(/You are Bob Placeholder/);
    // The second process joined: the folder still names the first one's database.
    expect(JSON.parse(await readFile(path.join(data, 'ferretdb.json'), 'utf8'))).toMatchObject(state);

    rita.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=5');
    rita.type('/skip');
    const key = (await rita.until(/== (INC-\d{8}-\d{3}) raised: Warehouse fire ==/))[1]!;
    bob.type('/crisis raise title="Forklift crash" type=safety-accident people_affected=5');
    bob.type('/skip');
    const bobKey = (await bob.until(/== (INC-\d{8}-\d{3}) raised: Forklift crash ==/))[1]!;
    expect(bobKey).not.toBe(key);

    bob.type(`/crisis tick ${key} 1`);
    await bob.until(new RegExp(`Step 1 of ${key} done`));
    rita.type('/crisis status');
    await rita.until(new RegExp(`${bobKey} · level 3 · Forklift crash`));

    // Rita leads what she raised (placeholder roster); the alert to her is delivered by one process.
    const alert = `[DM @rita] == ${key} is not acknowledged ==`;
    await Promise.race([rita.until(new RegExp(escape(alert))), bob.until(new RegExp(escape(alert)))]);
    rita.type(`/crisis ack ${key}`);
    await rita.until(new RegExp(`${key} acknowledged`));
    expect(await rita.end()).toBe(0);

    // The first to start has stopped; the database serves the other still.
    bob.type(`/crisis status ${key}`);
    await bob.until(new RegExp(`${key}: Warehouse fire`));
    expect(await bob.end()).toBe(0);

    const everything = rita.out + bob.out;
    expect(everything.split(alert).length - 1).toBe(1);
    expect(everything).not.toMatch(/no such table|deadline sweep failed/);
    // The last to stop stopped the database and cleared its record.
    await expect(stat(path.join(data, 'ferretdb.json'))).rejects.toThrow();
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
