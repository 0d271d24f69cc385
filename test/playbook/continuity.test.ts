import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPlaybook } from '../../src/playbook/check.ts';
import { findCycle } from '../../src/playbook/continuity.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const made: string[] = [];
afterAll(async () => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

/** The default playbook with the broken continuity.yml in place of its own. */
async function brokenCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pb-continuity-'));
  made.push(dir);
  await cp(here('../../playbooks'), dir, { recursive: true });
  await cp(here('./fixtures/broken/continuity/continuity.yml'), path.join(dir, 'continuity.yml'));
  return dir;
}

describe('continuity.yml', () => {
  it('loads the default playbook\'s eight functions with their RTOs in ms, in en and zh-CN', async () => {
    const r = await loadPlaybook(here('../../playbooks'));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const fns = r.playbook.continuity!.functions;
    expect(fns.map((f) => f.id)).toEqual(['site-safety', 'it-core', 'public-channels', 'payments', 'customer-service', 'order-intake', 'production', 'logistics']);
    expect(fns.find((f) => f.id === 'payments')).toMatchObject({ owner: 'financial_analyst', rto: 4 * 3600_000, priority: 2, depends_on: ['it-core'], name: { 'zh-CN': '支付与资金管理' } });
  });

  it('is optional: a playbook without it loads with no functions', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-nocontinuity-'));
    made.push(dir);
    await cp(here('../../playbooks'), dir, { recursive: true });
    await rm(path.join(dir, 'continuity.yml'));
    const r = await loadPlaybook(dir);
    expect(r.ok && r.playbook.continuity).toEqual({ functions: [] });
  });

  it('crisis-bot check names the unknown role, unknown dependency, cycle, bad duration and unknown plan with file and line', async () => {
    const dir = await brokenCopy();
    const { ok, lines } = await checkPlaybook(dir);
    expect(ok).toBe(false);
    expect(lines).toEqual([
      `${dir}/continuity.yml:8: functions.0.depends_on: dependency cycle it-core → payments → it-core; a function cannot (indirectly) need itself running first — remove one of these dependencies`,
      `${dir}/continuity.yml:12: functions.1.owner: unknown role 'finance_team'; use one of: crisis_lead, monitoring_leader, monitoring_member, crisis_expert, financial_analyst, technical_expert, legal_counsel, comms, operations, security, executive (or add it to roles.yml)`,
      `${dir}/continuity.yml:20: functions.2.rto: invalid duration '8 hours'; write a whole number followed by a unit s, m, h or d, largest unit first (e.g. '90s', '15m', '2h', '1h30m', '1d')`,
      `${dir}/continuity.yml:22: functions.2.depends_on.0: unknown function 'payment'; did you mean 'payments'? use one of: it-core, payments, order-intake`,
      `${dir}/continuity.yml:23: functions.2.plans.0: unknown plan 'cyber-atack'; did you mean 'cyber-attack'? use one of: cyber-attack, natural-disaster, product-quality, reputation, safety-accident, supply-chain`,
      `5 problems in ${dir}`,
    ]);
  });

  it('refuses more functions than a form\'s select holds', async () => {
    const dir = await brokenCopy();
    const fns = Array.from({ length: 26 }, (_, i) => `  - { id: f${i}, name: { en: F${i}, zh-CN: 功能${i} }, owner: comms, rto: 1h, priority: 1 }`);
    await writeFile(path.join(dir, 'continuity.yml'), `functions:\n${fns.join('\n')}\n`);
    const { ok, lines } = await checkPlaybook(dir);
    expect(ok).toBe(false);
    expect(lines[0]).toBe(`${dir}/continuity.yml:1: functions: 26 functions listed; list at most 25 (a Discord form's select holds 25) — merge the minor ones`);
  });

  it('finds a cycle through several functions and none in a tree', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', []]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toBeUndefined();
  });
});
