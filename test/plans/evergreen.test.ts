import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { planReviewTick } from '../../src/plans/evergreen.ts';
import type { Playbook } from '../../src/playbook/schema.ts';
import { loadDefaultPlaybook, makeCore, testClock, useTestDb } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

// Evergreen plans on the terminal: a plan past its review DMs its owner role's holders the day it
// falls due and once a week after, until reviewed_at moves; the crisis lead when the plan names no owner.

const server = useTestDb();
const DAY = 86_400_000;

/** The shipped playbook with reputation last reviewed 2025-11-30 (no owner: the lead) and supply-chain 2025-12-20, kept by comms. */
async function playbook(): Promise<Playbook> {
  const pb = await loadDefaultPlaybook();
  const reviewed: Record<string, Partial<Playbook['plans'][number]>> = { reputation: { reviewed_at: '2025-11-30' }, 'supply-chain': { reviewed_at: '2025-12-20', owner: 'comms' } };
  return { ...pb, plans: pb.plans.map((p) => ({ ...p, ...reviewed[p.id] })) };
}

let n = 0;
async function fresh(locale: 'en' | 'zh-CN' = 'en') {
  const clock = testClock(new Date('2026-12-02T10:00:00Z'));
  const core = await makeCore(await server.connect(`evergreen_${n++}`), { now: clock.now, locale, playbook: await playbook() });
  return { core, clock, shell: shellDriver(core, undefined, { clock }) };
}

const reviewedOn = (core: Core, plan: string, day: string) =>
  void (core.playbook = { ...core.playbook, plans: core.playbook.plans.map((p) => (p.id === plan ? { ...p, reviewed_at: day } : p)) });

describe('plans due for review remind their owner', () => {
  it('DMs the lead for a plan without owner the day it is due, once a week after, and stops once reviewed', async () => {
    const { core, clock, shell } = await fresh();
    expect(await planReviewTick(core)).toBe(1);
    const first = await shell.drain();
    expect(first).toMatch(/\[DM @alice\] .*Plan review due: reputation/);
    expect(first).toContain('(reputation) was last reviewed on 2025-11-30; the playbook asks for a review every 365d, so it has been due since 2026-11-30. You keep this plan.');
    expect(first).toContain('No change has been proposed for it');
    expect(first).toContain('set reviewed_at: 2026-12-02 in plans/reputation.yml and run crisis-bot check');
    expect(first).not.toContain('Reminder');
    expect(first).not.toContain('supply-chain');

    // The same week: nobody hears again, however often the job runs.
    expect(await planReviewTick(core)).toBe(0);
    clock.advance(3 * DAY);
    expect(await planReviewTick(core)).toBe(0);
    expect(await shell.drain()).toBe('');

    // 2026-12-20: reputation's third week, and supply-chain falls due — kept by comms, which carol holds.
    clock.set(new Date('2026-12-20T10:00:00Z'));
    expect(await planReviewTick(core)).toBe(2);
    const later = await shell.drain();
    expect(later).toMatch(/\[DM @alice\] .*Plan review due: reputation/);
    expect(later).toContain('Reminder 3: one comes each week until the plan is reviewed.');
    expect(later).toMatch(/\[DM @carol\] .*Plan review due: supply-chain/);
    expect(later).not.toMatch(/\[DM @alice\] .*supply-chain/);

    // Reviewed (the bot loaded the file with a new reviewed_at): next week brings nothing for it.
    reviewedOn(core, 'reputation', '2026-12-21');
    clock.advance(7 * DAY);
    expect(await planReviewTick(core)).toBe(1);
    const after = await shell.drain();
    expect(after).not.toContain('reputation');
    expect(after).toMatch(/\[DM @carol\] .*Plan review due: supply-chain/);
  });

  it('does not send a reminder queued before the plan was reviewed', async () => {
    const { core, shell } = await fresh();
    expect(await planReviewTick(core)).toBe(1);
    reviewedOn(core, 'reputation', '2026-12-02');
    expect(await shell.drain()).toBe('');
  });

  it('speaks Chinese', async () => {
    const { core, shell } = await fresh('zh-CN');
    await planReviewTick(core);
    const out = await shell.drain();
    expect(out).toContain('预案复审到期：reputation');
    expect(out).toContain('上次复审于 2025-11-30；应急预案要求每 365d 复审一次，自 2026-11-30 起已到期。');
  });
});
