import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ensureSeeded, readRegister, readRisk } from '../../src/risks/register.ts';
import { riskTick } from '../../src/risks/reminders.ts';
import { risksCli } from '../../src/risks/export.ts';
import { addRisk, changeRisk } from '../../src/risks/service.ts';
import { ROOT, runCli } from '../support/cli.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';

const server = useTestDb();
const bob = { id: 'bob', name: 'Bob Placeholder' };
const DAY = 86_400_000;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Two processes on one database: separate connections and cores, one clock. */
async function twoProcesses(name: string) {
  const clock = testClock(new Date('2026-11-30T10:00:00Z'));
  const a = await makeCore(await connectDb(server.uri(name)), { now: clock.now });
  const b = await makeCore(await connectDb(server.uri(name)), { now: clock.now });
  return { a, b, clock };
}

describe('the risk register store', () => {
  it('seeds the starting register once, however many processes use it first at the same time', async () => {
    const { a, b } = await twoProcesses('risks_seed_race');
    await Promise.all([ensureSeeded(a), ensureSeeded(b), ensureSeeded(a), ensureSeeded(b)]);
    const all = await readRegister(a.db);
    expect(all.map((r) => r._id).sort()).toEqual(['customer-data-leak', 'flood-at-warehouse', 'price-war', 'product-defect-recall', 'ransomware', 'regulatory-change', 'single-source-supplier', 'viral-negative-post', 'workplace-injury']);
    for (const r of all) expect(r.versions).toHaveLength(1);
    // A change made after the seed is never undone by another first use.
    await changeRisk(a, 'ransomware', { kind: 'retire', reason: 'moved to the cloud' }, bob, 'retire-1');
    await ensureSeeded(b);
    expect((await readRisk(a.db, 'ransomware'))!.status).toBe('retired');
    // Its mark purged with old claims and an entry added to risks.yml since: the register stays the bot's.
    await a.db.m.Dedup.deleteOne({ _id: 'risks:seeded' });
    const risks = a.playbook.risks!;
    const later = { ...b, playbook: { ...b.playbook, risks: { ...risks, register: [...risks.register, { ...risks.register[0]!, id: 'added-later' }] } } };
    await ensureSeeded(later);
    expect(await readRisk(a.db, 'added-later')).toBeNull();
  });

  it('two adders at once get two ids; the same delivery twice adds once', async () => {
    const { a, b } = await twoProcesses('risks_add_race');
    const fields = { title: 'Strike at the port', category: 'supply_chain' as const, likelihood: 2, impact: 3, ownerRole: 'operations', mitigation: 'Second port contracted' };
    const [x, y] = await Promise.all([addRisk(a, fields, bob, { eventKey: 'one', platform: 'shell' }), addRisk(b, fields, bob, { eventKey: 'two', platform: 'shell' })]);
    expect(new Set([x._id, y._id]).size).toBe(2);
    const again = await addRisk(b, fields, bob, { eventKey: 'one', platform: 'shell' });
    expect(again._id).toBe(x._id);
    expect((await readRegister(a.db)).filter((r) => r.title === 'Strike at the port')).toHaveLength(2);
  });

  it('sends a due review reminder exactly once when two processes run the job at the same moment', async () => {
    const { a, b, clock } = await twoProcesses('risks_remind_race');
    await ensureSeeded(a);
    clock.set(new Date('2026-12-30T12:00:00Z'));
    const results = await Promise.all([riskTick(a), riskTick(b), riskTick(a), riskTick(b)]);
    expect(results.reduce((n, r) => n + r.reminders, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.digest, 0)).toBe(1);
    const reminders = await a.db.m.Outbox.find({ incidentKey: 'risk:ransomware' }).lean();
    expect(reminders.map((e) => e._id)).toEqual([`risk:ransomware:remind:${new Date('2026-12-30T10:00:00Z').getTime()}:shell:dave`]);
    expect(await a.db.m.Outbox.countDocuments({ incidentKey: 'risks-digest' })).toBe(1);
    // A week on: the next digest, and no second reminder for the same due date.
    clock.advance(7 * DAY);
    expect(await riskTick(b)).toEqual({ reminders: 0, digest: 1 });
  });

  it("reminds every holder of the owning role, or the owning person, on each platform the bot serves", async () => {
    const { a, clock } = await twoProcesses('risks_remind_owners');
    const base = { category: 'other' as const, likelihood: 1, impact: 1, mitigation: 'watch' };
    const soon = new Date(clock.now().getTime() + DAY);
    const team = await addRisk(a, { ...base, title: 'Team-owned', ownerRole: 'monitoring_member' }, bob, { eventKey: 'team', platform: 'slack', nextReviewAt: soon });
    const person = await addRisk(a, { ...base, title: 'Person-owned', ownerPerson: 'heidi' }, bob, { eventKey: 'person', platform: 'shell', nextReviewAt: soon });
    clock.advance(DAY + 1000);
    await riskTick(a);
    const ids = async (id: string) => ((await a.db.m.Outbox.find({ incidentKey: `risk:${id}` }).lean()) as { _id: string }[]).map((e) => e._id.split(':').slice(-2).join(':')).sort();
    // The monitoring channel is on the terminal (signals.yml); the team's risk was added on Slack.
    expect(await ids(team._id)).toEqual(['shell:carol', 'shell:dave', 'shell:grace', 'slack:U000PLACEHOLDER3', 'slack:U000PLACEHOLDER4', 'slack:U000PLACEHOLDER7']);
    expect(await ids(person._id)).toEqual(['shell:heidi']);
  });

  it('exports the register as Markdown and CSV, in English and Chinese, with overdue reviews marked', async () => {
    const { a, clock } = await twoProcesses('risks_export');
    await ensureSeeded(a);
    await changeRisk(a, 'price-war', { kind: 'update', fields: { title: 'Price war, "aggressive"', category: 'market', likelihood: 3, impact: 2, ownerRole: 'executive', mitigation: '=cost plan, ready' }, reason: 'wording' }, bob, 'u1');
    clock.set(new Date('2026-12-31T12:00:00Z'));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-risks-'));
    dirs.push(dir);
    const config = loadConfig({ MONGODB_URI: server.uri('risks_export'), TZ: 'UTC' }, ROOT);
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await risksCli(args, config, { out: (c) => out.push(c), err: (l) => err.push(l) }, { now: clock.now });
      return { code, out: out.join(''), err: err.join('\n') };
    };
    const md = await run(['--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.out).toContain('# Risk register');
    expect(md.out).toContain('| ID | Title | Category | Likelihood | Impact | Score | Rating | Owner |');
    expect(md.out).toMatch(/\| ransomware \| Ransomware encrypts production systems \| cyber \| 3 \| 5 \| 15 \| high \| Security[^|]* \|.*\| 2026-12-30 \| yes \| active \|/);
    expect(md.out).toContain('9 active risks, 1 overdue for review');

    const file = path.join(dir, 'risks.csv');
    expect((await run(['--format', 'csv', '--out', file])).code).toBe(0);
    const csv = (await readFile(file, 'utf8')).split('\r\n');
    expect(csv[0]).toBe('ID,Title,Category,Likelihood,Impact,Score,Rating,Owner,Mitigation,Plan,Next review,Overdue,Status,Incidents,Version');
    const priceWar = csv.find((l) => l.startsWith('price-war,'))!;
    // Quotes doubled; a cell a spreadsheet would run as a formula is quoted and defused.
    expect(priceWar).toContain('"Price war, ""aggressive"""');
    expect(priceWar).toContain(`"'=cost plan, ready"`);
    expect(priceWar.endsWith(',2')).toBe(true);

    const zh = await run(['--format', 'csv', '--lang', 'zh-CN']);
    expect(zh.out.split('\r\n')[0]).toBe('编号,标题,类别,可能性,影响,分值,评级,负责人,缓解措施,预案,下次复核,逾期,状态,相关事件,版本');
    expect(zh.out).toContain('ransomware,勒索软件加密生产系统,网络安全,3,5,15,高');
    expect((await run(['--format', 'pdf'])).code).toBe(2);
    expect((await run(['--format', 'pdf'])).err).toContain('--format must be md or csv');
  });

  it('is a verb of crisis-bot: `crisis-bot risks --format csv --lang zh-CN --out FILE` as a user runs it', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-risks-cli-'));
    dirs.push(dir);
    const file = path.join(dir, 'q4.csv');
    const env = { MONGODB_URI: server.uri('risks_cli'), CRISIS_AUDIT_DIR: path.join(dir, 'audit'), TZ: 'UTC' };
    const written = await runCli(['risks', '--format', 'csv', '--lang', 'zh-CN', '--out', file], { env });
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const csv = await readFile(file, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^编号,标题,类别/);
    // Its first use seeded the register: the nine starting risks.
    expect(csv.trim().split('\r\n')).toHaveLength(10);
    const md = await runCli(['risks'], { env });
    expect(md.stdout).toContain('# Risk register');
    expect((await runCli(['risks', '--format', 'xlsx'], { env })).code).toBe(2);
  });
});
