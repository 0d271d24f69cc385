import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb } from '../src/store/connect.ts';
import { ensureFerretDb, startLocalDb } from '../src/store/ferretdb.ts';
import { runCli, spawnCli } from './support/cli.ts';
import { DEFAULT_PLAYBOOK } from './support/core.ts';

const cli = (args: string[], input: string, env: Record<string, string>) => runCli(args, { input, env });

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-cli-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

// Each case starts real processes (tsx, FerretDB); on two busy cores that takes a while.
describe('crisis-bot command line', { timeout: 180_000 }, () => {
  it('runs piped lines on the embedded database, exits at end of input, and remembers across runs', async () => {
    const env = { CRISIS_DATA_DIR: path.join(tmp, 'data'), CRISIS_AUDIT_DIR: path.join(tmp, 'audit') };
    // Without LOG_LEVEL (runCli sets one), as a user starts it.
    const first = await cli(['start'], '/crisis raise title="Server room flood" type=natural-disaster regions=2\n/skip\n/crisis tick INC-\n', { ...env, LOG_LEVEL: '' });
    // Logs go to a file in the data folder, said at the start, and never into the chat.
    expect(first.stdout).toContain(`Logs go to ${path.join(env.CRISIS_DATA_DIR, 'crisis-bot.log')}`);
    expect(first.stdout + first.stderr).not.toMatch(/"level":\d+/);
    expect(await readFile(path.join(env.CRISIS_DATA_DIR, 'crisis-bot.log'), 'utf8')).toMatch(/"level":\d+/);
    // `/crisis tick INC-` is refused, so the script's run exits 1 (issue 19); the raise still stands.
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/== (INC-\d{8}-001) raised: Server room flood ==/);
    // Piped lines are echoed, so the output reads as the session it was.
    expect(first.stdout).toContain('> /crisis tick INC-');
    const key = first.stdout.match(/(INC-\d{8}-001)/)![1]!;
    const second = await cli(['start'], `/crisis tick ${key} 1\n/crisis status\n`, env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Step 1 of ${key} done`);
    expect(second.stdout).toMatch(new RegExp(`${key} · level 2 · Server room flood · \\d+ min · \\d+ open`));
    const audit = await cli(['audit', key], '', env);
    expect(audit.stdout).toMatch(new RegExp(`${key}: OK — 3 events, hash chain intact`));
    // The head in the words of the war room's pinned line (Record: head: event N <hash>).
    expect(audit.stdout).toMatch(/head: event 3 [0-9a-f]{12}/);
    expect(audit.code).toBe(0);
  });

  it('audit answers --help, and after the last event is deleted exits 1 naming the incident and the event', async () => {
    const help = await cli(['audit', '--help'], '', {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: crisis-bot audit [KEY] [--since DATE] [--json] [--help]');

    const env = { CRISIS_DATA_DIR: path.join(tmp, 'tampered'), CRISIS_AUDIT_DIR: path.join(tmp, 'tampered-audit') };
    const raised = await cli(['start'], '/crisis raise title="Tampered" type=natural-disaster regions=2\n/skip\n', env);
    const key = raised.stdout.match(/(INC-\d{8}-001)/)![1]!;
    let lastSeq = 0;
    const local = await startLocalDb(env.CRISIS_DATA_DIR);
    try {
      const db = await connectDb(local.uri);
      const [last] = await db.conn.collection('timeline').find({ incidentKey: key }).sort({ seq: -1 }).limit(1).toArray();
      lastSeq = last!.seq as number;
      await db.conn.collection('timeline').deleteOne({ _id: last!._id });
      await db.close();
    } finally {
      await local.stop();
    }
    const audit = await cli(['audit'], '', env);
    expect(audit.code).toBe(1);
    expect(audit.stdout).toContain(`${key} event ${lastSeq} [anchor.gone]: event ${lastSeq} is gone`);
    expect(audit.stdout).toContain('Result: 1 finding.');
    const json = await cli(['audit', key, '--json'], '', env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, incidents: [{ key, findings: [{ kind: 'anchor.gone', incident: key, seq: lastSeq }] }] });
  });

  it('a piped run ending while a form is still asking exits 1 and says nothing of that form was recorded', async () => {
    const r = await cli(['start'], '/crisis raise title="Half typed"\n', { CRISIS_DATA_DIR: path.join(tmp, 'half'), CRISIS_AUDIT_DIR: path.join(tmp, 'half-audit') });
    expect(r.stdout).toContain('Input ended while “Raise a crisis” was still waiting for');
    expect(r.code).toBe(1);
  });

  it('Ctrl-C in the middle of a form keeps the answers, and the next start offers them back', async () => {
    const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', CRISIS_DATA_DIR: path.join(tmp, 'sigint'), CRISIS_AUDIT_DIR: path.join(tmp, 'sigint-audit'), CRISIS_USER: 'rita' };
    const child = spawnCli(['start'], { env });
    let stdout = '';
    child.stdout!.on('data', (b) => (stdout += b));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    child.stdin!.write('/crisis raise title="Interrupted" type=safety-accident\n');
    for (let i = 0; i < 600 && !stdout.includes('? What happened'); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    await exited;
    const next = await cli(['start'], '/resume\n', { ...env, LOG_LEVEL: 'warn' });
    expect(next.stdout).toContain('You left “Raise a crisis” unfinished last time (2 answers kept)');
    expect(next.stdout).toContain('? What happened');
    expect(next.stdout).not.toContain('? Title');
  });

  it('checks a playbook folder, and refuses to start on an invalid one with the same messages', async () => {
    const ok = await cli(['check'], '', {});
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/playbook OK: 4 levels, 6 plans/);

    const broken = path.join(tmp, 'broken');
    await cp(DEFAULT_PLAYBOOK, broken, { recursive: true });
    const planFile = path.join(broken, 'plans/reputation.yml');
    await writeFile(planFile, (await readFile(planFile, 'utf8')).replace(/owner: comms/, 'owner: comsm'));
    const bad = await cli(['check', broken], '', {});
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/plans\/reputation\.yml:\d+: steps\.\d+\.owner: .*comsm/);

    const start = await cli(['start'], '/crisis status\n', { PLAYBOOK_DIR: broken, CRISIS_DATA_DIR: path.join(tmp, 'never') });
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('The playbook is invalid');
    expect(start.stderr).toMatch(/plans\/reputation\.yml:\d+: steps\.\d+\.owner: .*comsm/);
  });

  it('names both fixes when there is neither MONGODB_URI nor Go to build the local database', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(ensureFerretDb(() => {}, path.join(tmp, 'no-such', 'ferretdb'))).rejects.toThrow(/set MONGODB_URI[\s\S]*install Go/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('explains a malformed environment variable by name', async () => {
    const r = await cli(['start'], '', { MONGODB_URI: 'localhost:27017', CRISIS_LOCALE: 'fr' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MONGODB_URI: must start with mongodb://');
    expect(r.stderr).toContain('CRISIS_LOCALE');
  });
});
