import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPlaybook } from '../../src/playbook/check.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { reviewDue, YEAR_MS } from '../../src/plans/review.ts';
import { DEFAULT_PLAYBOOK } from '../support/core.ts';

// Evergreen plans: reviewed_at is checked like any field (file and line when bad); a plan reviewed
// longer ago than the playbook's interval (yearly unless levels.yml plan_review says) is a warning.

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-plan-review-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

/** A copy of the shipped playbook with reviewed_at on the reputation plan (line 13), and levels.yml extended. */
async function playbookWith(name: string, reviewed: string, levelsExtra = ''): Promise<string> {
  const dir = path.join(tmp, name);
  await cp(DEFAULT_PLAYBOOK, dir, { recursive: true });
  const plan = path.join(dir, 'plans/reputation.yml');
  await writeFile(plan, (await readFile(plan, 'utf8')).replace('\nsteps:\n', `reviewed_at: ${reviewed}\n\nsteps:\n`));
  if (levelsExtra) await writeFile(path.join(dir, 'levels.yml'), `${await readFile(path.join(dir, 'levels.yml'), 'utf8')}${levelsExtra}\n`);
  return dir;
}
const NOW = new Date('2026-12-07T12:00:00Z');

describe('reviewed_at and the plan review interval', () => {
  it('warns (not fails) for a plan last reviewed more than a year ago, naming file and line', async () => {
    const dir = await playbookWith('old', '2025-11-30');
    const r = await checkPlaybook(dir, NOW);
    expect(r.ok).toBe(true);
    expect(r.lines).toContain("warning: plans/reputation.yml:13: reviewed_at: plan 'reputation' was last reviewed on 2025-11-30, more than 365d ago (due 2026-11-30); review it, then set reviewed_at to the day of the review");
    expect(r.lines.at(-1)).toMatch(/^playbook OK:/);
    const fresh = await checkPlaybook(await playbookWith('fresh', '2026-01-15'), NOW);
    expect(fresh.lines.filter((l) => l.includes('reviewed_at'))).toEqual([]);
  });

  it("takes the interval from levels.yml plan_review", async () => {
    const dir = await playbookWith('monthly', '2026-11-01', 'plan_review: 30d');
    expect((await checkPlaybook(dir, NOW)).lines.find((l) => l.includes('reviewed_at'))).toContain('more than 30d ago (due 2026-12-01)');
    const loaded = await loadPlaybook(dir);
    expect(loaded.ok && loaded.playbook.planReviewMs).toBe(30 * 86_400_000);
  });

  it('refuses a reviewed_at that is not a real day, with file and line', async () => {
    for (const [bad, message] of [
      ['2026-02-30', "reviewed_at: '2026-02-30' is not a date; write the day like 2026-03-31 (year-month-day)"],
      ['last spring', "reviewed_at: 'last spring' is not a date; write the day like 2026-03-31 (year-month-day)"],
      ['20260101', 'reviewed_at: expected a date like 2026-03-31, got 20260101'],
    ] as const) {
      const dir = await playbookWith(`bad-${bad.replace(/\W/g, '')}`, bad);
      const r = await checkPlaybook(dir, NOW);
      expect(r.ok).toBe(false);
      expect(r.lines).toContain(`${dir}/plans/reputation.yml:13: ${message}`);
    }
  });

  it("checks the plan's owner role like any role reference", async () => {
    const dir = await playbookWith('owner', '2026-11-01');
    const plan = path.join(dir, 'plans/reputation.yml');
    await writeFile(plan, (await readFile(plan, 'utf8')).replace('\nsteps:\n', '\nowner: nosuch\n\nsteps:\n'));
    const r = await checkPlaybook(dir, NOW);
    expect(r.ok).toBe(false);
    expect(r.lines).toContain(`${dir}/plans/reputation.yml:15: owner: unknown role 'nosuch'; use one of: crisis_lead, monitoring_leader, monitoring_member, crisis_expert, financial_analyst, technical_expert, legal_counsel, comms, operations, security, executive (or add it to roles.yml)`);
    await writeFile(plan, (await readFile(plan, 'utf8')).replace('owner: nosuch', 'owner: comms'));
    expect((await checkPlaybook(dir, NOW)).ok).toBe(true);
  });

  it('is due only with a date, once the interval has passed', () => {
    expect(reviewDue({}, YEAR_MS, NOW)).toBeUndefined();
    expect(reviewDue({ reviewed_at: '2025-12-08' }, YEAR_MS, NOW)).toBeUndefined();
    expect(reviewDue({ reviewed_at: '2025-12-07' }, YEAR_MS, NOW)).toBe('2026-12-07');
  });
});
