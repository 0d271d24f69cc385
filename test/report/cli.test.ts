import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Core } from '../../src/core.ts';
import { acknowledge } from '../../src/incidents/deadlines.ts';
import { raise } from '../../src/incidents/service.ts';
import { exportCli, metricsCli, reportCli } from '../../src/report/cli.ts';
import { runCli, ROOT } from '../support/cli.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';
import { at, KEY, scriptedIncident } from './scripted.ts';

const testDb = useTestDb();
let core: Core;
let clock: ReturnType<typeof testClock>;
let dir = '';
let env: Record<string, string> = {};
const SECOND = 'INC-20261128-002';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-report-cli-'));
  clock = testClock();
  core = await makeCore(await connectDb(testDb.uri('report_cli')), { now: clock.now });
  await scriptedIncident(core, clock);
  // A second incident: a reputation issue raised at 12:50, acknowledged 8 min later, nothing else yet.
  clock.set(at(170));
  const { incident } = await raise(core, { title: 'Rumour on social media', type: 'reputation', criteria: {} }, { platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' } });
  clock.set(at(178));
  await acknowledge(core, incident, { id: 'alice', name: 'Alice Placeholder' });
  clock.set(at(180));
  env = { MONGODB_URI: testDb.uri('report_cli'), CRISIS_AUDIT_DIR: path.join(dir, 'audit'), TZ: 'UTC' };
});
afterAll(async () => {
  await core?.db.close();
  await rm(dir, { recursive: true, force: true });
});

/** The verb run in this process on the test clock (what "overdue" is judged by). */
async function inProcess(verb: typeof reportCli, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await verb(args, loadConfig(env, ROOT), { out: (c) => out.push(String(c)), err: (l) => err.push(l) }, { now: clock.now });
  return { code, stdout: out.join(''), stderr: err.join('\n') };
}

// Each spawned command line loads the whole program (several seconds on a busy machine).
describe('crisis-bot report, export and metrics', { timeout: 180_000 }, () => {
  it('answers --help on each verb with its usage line', async () => {
    const answers = await Promise.all(['report', 'export', 'metrics'].map((verb) => runCli([verb, '--help'], { env })));
    expect(answers.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(answers[0]!.stdout).toContain('usage: crisis-bot report KEY [--format md|html|pdf] [--lang en|zh-CN] [--out FILE]');
    expect(answers[1]!.stdout).toContain('usage: crisis-bot export KEY [--out DIR]');
    expect(answers[2]!.stdout).toContain('usage: crisis-bot metrics [--since DATE] [--by level|type]');
  });

  it('refuses an unknown incident, an unsupported format and an unwritable path with a message and a non-zero exit', async () => {
    const unknown = await runCli(['report', 'INC-20990101-001'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no incident INC-20990101-001');
    const nowhere = await runCli(['report', KEY, '--out', path.join(dir, 'missing-folder', 'report.md')], { env });
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain(`cannot write ${path.join(dir, 'missing-folder', 'report.md')}: ENOENT`);
    // Usage errors are found before the store is opened: checked in this process, same code path.
    const format = await inProcess(reportCli, [KEY, '--format', 'docx']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unsupported format docx: use md, html or pdf');
    const lang = await inProcess(reportCli, [KEY, '--lang', 'fr']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('unsupported language fr: use en or zh-CN');
    const noKey = await inProcess(exportCli, []);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('which incident? give its key');
  });

  it('writes the report to a file in the language asked for', async () => {
    const file = path.join(dir, 'report.html');
    const r = await runCli(['report', KEY.toLowerCase(), '--format=html', '--lang', 'zh-CN', '--out', file], { env });
    expect(r.code).toBe(0);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<th>确认用时</th><td>12 分钟</td>');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });

  it('exports the evidence bundle: the report, the chain with its verdict, the incident and its steps, the manifest', async () => {
    const out = path.join(dir, 'export');
    const r = await runCli(['export', KEY, '--out', out], { env });
    expect(r.code).toBe(0);
    // The evidence bundle (test/evidence/bundle.test.ts checks every file); here the parts the report verbs share.
    expect(r.stdout.trim().split('\n')).toEqual(['incident.json', 'steps.json', 'facts.json', 'impact.json', 'statements.json', 'rumours.json', 'people.json', 'resources.json', 'decisions.json', 'improvements.json', 'timeline.json', 'report.md', 'report.html', 'manifest.json'].map((f) => path.join(out, f)));
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain('| Time to acknowledge | 12 min |');
    const timeline = JSON.parse(await readFile(path.join(out, 'timeline.json'), 'utf8'));
    expect(timeline.incident).toBe(KEY);
    // 18: the scripted incident enters review on the lead's reason (no root-cause analysis recorded), one more event.
    expect(timeline.chain.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(timeline.chain[1].prevHash).toBe(timeline.chain[0].hash);
    // The test store was written without the audit key: the export says why there is no verdict.
    expect(timeline.verdict).toBeNull();
    expect(timeline.note).toContain('no audit key');
    const record = JSON.parse(await readFile(path.join(out, 'incident.json'), 'utf8'));
    expect(record.incident.key).toBe(KEY);
    expect(JSON.parse(await readFile(path.join(out, 'steps.json'), 'utf8')).steps).toHaveLength(14);
    // Without the key the manifest still checks what needs none: the sequence and the links.
    expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')).verification).toMatchObject({ ok: true, keyed: false, count: 18 });
  });

  it('tabulates the metrics over the stored incidents as computed by hand', async () => {
    // MTTA: (12 + 8) / 2 = 10 min. MTTR: only the first reached review, 1 h 55 min. Steps on time:
    // the second incident has no step due by 13:00, so 1 of the first's 5 due steps, 20 %.
    const all = await inProcess(metricsCli, []);
    expect(all.code).toBe(0);
    const [head, , total] = all.stdout.trim().split('\n');
    expect(head!.split(/\s{2,}/)).toEqual(['Group', 'Incidents', 'MTTA', 'To first statement', 'MTTR', 'Steps on time']);
    expect(total!.split(/\s{2,}/)).toEqual(['all', '2', '10 min', '—', '1 h 55 min', '20 % (1/5)']);
    const byType = await inProcess(metricsCli, ['--by', 'type']);
    const rows = byType.stdout.trim().split('\n').slice(2).map((l) => l.split(/\s{2,}/));
    expect(rows).toEqual([
      ['Reputation crisis', '1', '8 min', '—', '—', '—'],
      ['Safety accident', '1', '12 min', '—', '1 h 55 min', '20 % (1/5)'],
      ['all', '2', '10 min', '—', '1 h 55 min', '20 % (1/5)'],
    ]);
    const later = await inProcess(metricsCli, ['--since', '2026-11-29']);
    expect(later.stdout).toContain('No incidents raised since 2026-11-29.');
    expect((await inProcess(metricsCli, ['--since', 'yesterday'])).code).toBe(2);
  });

  it('reports figures judged on the clock given, in process too', async () => {
    const r = await inProcess(reportCli, [KEY]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Steps on time | 20 % (1 of 5) |');
    const second = await inProcess(reportCli, [SECOND]);
    expect(second.stdout).toContain('| Time to acknowledge | 8 min |');
    expect(second.stdout).toContain('_No control or recovery recorded: the incident never entered the control or resolve phase._');
  });
});
