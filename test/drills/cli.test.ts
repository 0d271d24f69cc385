import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Core } from '../../src/core.ts';
import { drillsCli } from '../../src/drills/cli.ts';
import { reportCli } from '../../src/report/cli.ts';
import { runCli, ROOT } from '../support/cli.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';
import { runIncident } from './support.ts';

const testDb = useTestDb();
let core: Core;
const clock = testClock(new Date('2026-11-28T10:00:00Z'));
let env: Record<string, string> = {};
const DAY = 24 * 3600_000;

beforeAll(async () => {
  core = await makeCore(await connectDb(testDb.uri('drills_cli')), { now: clock.now });
  // Two reputation drills a day apart, a cyber-attack drill between them, and a real incident (not listed).
  await runIncident(core, clock, { type: 'reputation', title: 'Rumour drill', ackMin: 5, ticks: [1] }); // 001, 28 Nov
  clock.advance(DAY);
  await runIncident(core, clock, { type: 'cyber-attack', title: 'Phishing drill', ackMin: 20 }); // 20261129-001 at 10:05, none of its 14 steps done
  await runIncident(core, clock, { type: 'reputation', title: 'Real rumour', drill: false, ackMin: 1 }); // 20261129-002 at 10:25
  clock.advance(DAY);
  await runIncident(core, clock, { type: 'reputation', title: 'Rumour drill again', ackMin: 12, ticks: [1, 2, 3] }); // 20261130-001 at 10:26
  env = { MONGODB_URI: testDb.uri('drills_cli'), TZ: 'UTC' };
});
afterAll(async () => {
  await core?.db.close();
});

async function drills(args: string[], extra: Record<string, string> = {}, verb = drillsCli) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await verb(args, loadConfig({ ...env, ...extra }, ROOT), { out: (c) => out.push(String(c)), err: (l) => err.push(l) }, { now: clock.now });
  return { code, stdout: out.join(''), stderr: err.join('\n') };
}

describe('crisis-bot drills', { timeout: 120_000 }, () => {
  it('lists every drill grouped by plan, oldest first, with MTTA, steps on time and gaps; real incidents left out', async () => {
    const r = await drills([]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.replace(/\s+/g, ' '));
    expect(lines[0]).toBe('Drill Plan Date MTTA Steps on time Gaps');
    // Plans in the playbook's order (cyber-attack before reputation), oldest first within each.
    expect(lines.slice(2)).toEqual([
      'INC-20261129-001 Cyber attack 2026-11-29 10:05 20 min no step was due 14',
      'INC-20261128-001 Reputation crisis 2026-11-28 10:00 5 min 100 % (1 of 1 due) 13',
      'INC-20261130-001 Reputation crisis 2026-11-30 10:26 12 min 100 % (3 of 3 due) 11',
    ]);
  });

  it('filters by plan and date, speaks Chinese, and refuses an unknown plan or a bad date with exit 2', async () => {
    const one = await drills(['--plan', 'reputation', '--since', '2026-11-29']);
    expect(one.stdout.trimEnd().split('\n').slice(2).map((l) => l.split(/\s+/)[0])).toEqual(['INC-20261130-001']);
    const zh = await drills(['--plan=reputation', '--lang', 'zh-CN']);
    expect(zh.stdout).toContain('演练');
    expect(zh.stdout).toContain('12 分钟');
    expect(zh.stdout).toContain('100 %（到期 3 项中按时 3 项）');
    const none = await drills(['--plan', 'supply-chain']);
    expect([none.code, none.stdout.trim()]).toEqual([0, 'No drills (Supply-chain interruption) raised since —.']);
    const bad = await drills(['--plan', 'cyber']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown plan cyber: use one of cyber-attack,');
    expect((await drills(['--since', 'yesterday'])).code).toBe(2);
    expect((await drills(['--lang', 'fr'])).stderr).toContain('unsupported language fr: use en or zh-CN');
  });

  it("puts the scorecard in a drill's report, Markdown in English and HTML in Chinese", async () => {
    const md = await drills(['INC-20261130-001'], {}, reportCli);
    expect(md.code).toBe(0);
    const section = md.stdout.slice(md.stdout.indexOf('## Drill scorecard'), md.stdout.indexOf('## ', md.stdout.indexOf('## Drill scorecard') + 3));
    expect(section).toContain('| Time to acknowledge | 12 min |');
    expect(section).toContain('| Steps on time | 100 % (3 of 3 due) |');
    expect(section).toContain('| Statements approved in time | none drafted |');
    expect(section).toContain('| Gaps | 11 steps never done |');
    expect(section).toContain('- vs INC-20261128-001 (2026-11-28): acknowledge 12 min (was 5 min, +7 min ▼ worse)');
    const html = await drills(['INC-20261130-001', '--format', 'html', '--lang', 'zh-CN'], {}, reportCli);
    expect(html.stdout).toContain('<section id="scorecard"><h2>演练评分卡</h2>');
    expect(html.stdout).toContain('<tr><th>确认用时</th><td>12 分钟</td></tr>');
    expect(html.stdout).toContain('对比 INC-20261128-001（2026-11-28）：确认 12 分钟（上次 5 分钟，+7 分钟 ▼ 变差）');
    // A real incident's report has no such section.
    expect((await drills(['INC-20261129-002'], {}, reportCli)).stdout).not.toContain('Drill scorecard');
  });

  it('is a verb of the command line, with its usage on --help', async () => {
    const help = await runCli(['drills', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: crisis-bot drills [--plan ID] [--since DATE] [--lang en|zh-CN]');
    const bad = await runCli(['drills', '--plan'], { env });
    expect(bad.code).toBe(2);
  });
});
