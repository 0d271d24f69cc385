import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPlaybook } from '../../src/playbook/check.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { DEFAULT_PLAYBOOK } from '../support/core.ts';

let tmp = '';
afterEach(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
  tmp = '';
});

async function withDrills(yaml: string | undefined): Promise<string> {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-drills-'));
  await cp(DEFAULT_PLAYBOOK, tmp, { recursive: true });
  if (yaml === undefined) await unlink(path.join(tmp, 'drills.yml'));
  else await writeFile(path.join(tmp, 'drills.yml'), yaml);
  return tmp;
}

describe('drills.yml in crisis-bot check', () => {
  it('loads schedules (lead time 1d by default), and the shipped file and a playbook without one have none', async () => {
    const shipped = await loadPlaybook(DEFAULT_PLAYBOOK);
    expect(shipped.ok && shipped.playbook.drills).toEqual([]);
    const dir = await withDrills(`drills:
  - plan: cyber-attack
    cron: '0 10 1 */3 *'
    roles: [crisis_lead, security]
    level: 2
  - plan: safety-accident
    cron: '0 15 15 3,9 *'
    roles: [crisis_lead, operations, comms]
    lead_time: 2d
    timezone: Asia/Shanghai
`);
    const loaded = await loadPlaybook(dir);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.playbook.drills).toEqual([
      { plan: 'cyber-attack', cron: '0 10 1 */3 *', roles: ['crisis_lead', 'security'], leadMs: 86_400_000, timezone: undefined, level: 2 },
      { plan: 'safety-accident', cron: '0 15 15 3,9 *', roles: ['crisis_lead', 'operations', 'comms'], leadMs: 2 * 86_400_000, timezone: 'Asia/Shanghai', level: undefined },
    ]);
    await rm(dir, { recursive: true, force: true });
    const without = await loadPlaybook(await withDrills(undefined));
    expect(without.ok && without.playbook.drills).toEqual([]);
  });

  it('names the file, line and field of a bad cron expression (node-cron validate), a six-field one, an unknown plan or role and a long lead time', async () => {
    const dir = await withDrills(`drills:
  - plan: cyber-attack
    cron: '61 10 * * *'
    roles: [crisis_lead]
  - plan: cyber-atack
    cron: '0 0 10 1 * *'
    roles: [crisis_lead, comms_lead]
  - plan: reputation
    cron: 'every monday'
    roles: [comms]
    lead_time: 10d
    timezone: '+08:00'
`);
    const r = await checkPlaybook(dir);
    expect(r.ok).toBe(false);
    const lines = r.lines.filter((l) => l.includes('drills.yml'));
    expect(lines).toEqual([
      `${dir}/drills.yml:3: drills.0.cron: '61 10 * * *' is not a valid cron expression (61 is a invalid expression for minute); write five fields: minute hour day-of-month month weekday, e.g. '0 10 1 */3 *'`,
      `${dir}/drills.yml:5: drills.1.plan: unknown plan 'cyber-atack'; use one of: cyber-attack, natural-disaster, product-quality, reputation, safety-accident, supply-chain`,
      `${dir}/drills.yml:6: drills.1.cron: '0 0 10 1 * *' has six fields; drill schedules use five (minute hour day-of-month month weekday), e.g. '0 10 1 */3 *'`,
      expect.stringMatching(new RegExp(`^${dir}/drills.yml:7: drills.1.roles.1: unknown role 'comms_lead'; use one of: crisis_lead, `)),
      expect.stringMatching(new RegExp(`^${dir}/drills.yml:9: drills.2.cron: 'every monday' is not a valid cron expression`)),
      `${dir}/drills.yml:11: drills.2.lead_time: lead time '10d' is longer than 6d; announce at most 6 days ahead (the bot keeps its record of an announcement for 7)`,
      expect.stringMatching(new RegExp(`^${dir}/drills.yml:12: drills.2.timezone: '\\+08:00' is not an IANA time zone`)),
    ]);
  });
});
