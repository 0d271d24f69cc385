import { describe, expect, it } from 'vitest';
import { listProposals } from '../../../src/plans/store.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { buttonOn, fillPages, guildWithRoster, interact, modalOf, raiseIncident, replyOf, ROSTER, shownValues, submitModal, textOf, unescape, useWorlds, type As, type World } from './support.ts';

// The plan-change form as Discord modal pages through the real discord.js client against the fake:
// a bad field named, its page reopened with everything typed still there; a page submitted twice
// makes one proposal; the same in Chinese.

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';

async function proposeUpToLastPage(w: World, values: Record<string, string>, as: As) {
  const first = modalOf(await interact(w, { kind: 'slash', subcommand: 'report', options: { key: KEY, action: 'propose' }, ...as }));
  return fillPages(w, first, values, as);
}
const said = (w: World, a: { id: string }) => unescape(textOf(replyOf(w, a)));

describe('Discord: plan-change proposals with the real discord.js client', { timeout: 120_000 }, () => {
  it('names a bad owner role, reopens its page with every answer kept, records one proposal for the page submitted twice', async () => {
    const w = await openWorld('plan_proposals', { guilds: [guildWithRoster()] });
    await raiseIncident(w, { title: 'Rumour online', type: 'reputation' });
    const as = { userId: ROSTER.lead };
    const values = { kind: 'change-owner', step: 'legal-review', owner: 'chef', why: 'legal was away' };
    const last = await proposeUpToLastPage(w, values, as);
    expect(last.modal.custom_id).toMatch(/:2:f$/);
    const refused = await submitModal(w, last.modal, values, { ...as, messageId: last.messageId });
    await w.discord.idle();
    expect(said(w, refused)).toContain('Some values need fixing; everything else you typed is kept.');
    expect(said(w, refused)).toContain("Owner role: 'chef' is not a role; use one of: crisis_lead,");
    expect(await listProposals(w.db)).toEqual([]);

    const fix = buttonOn(replyOf(w, refused), 'crisis.page:');
    expect(fix.label).toBe('Fix page 2/3');
    const page = modalOf(await interact(w, { kind: 'button', messageId: replyOf(w, refused).data.id, customId: fix.custom_id, ...as }));
    expect(shownValues(page)).toMatchObject({ owner: 'chef' });
    const fixed = await submitModal(w, page, { owner: 'comms' }, { ...as, messageId: replyOf(w, refused).data.id });
    await w.discord.idle();
    expect(said(w, fixed)).toContain('Proposal P1 recorded for plan reputation: step legal-review owner → comms.');
    const twice = await submitModal(w, page, { owner: 'comms' }, { ...as, messageId: replyOf(w, refused).data.id });
    await w.discord.idle();
    expect(said(w, twice)).not.toContain('Proposal P2');
    expect((await listProposals(w.db)).map((p) => [p.id, p.change, p.why])).toEqual([['P1', { kind: 'change-owner', step: 'legal-review', at: 4, owner: 'comms' }, 'legal was away']]);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'plan.proposed').length).toBe(1);

    const list = await interact(w, { kind: 'slash', subcommand: 'report', options: { key: KEY, action: 'proposals' }, ...as });
    expect(said(w, list)).toContain('P1 [open] step legal-review owner → comms — legal was away');
  });

  it('names an unknown step and a bad deadline in Chinese', async () => {
    const w = await openWorld('plan_proposals_zh', { guilds: [guildWithRoster()] });
    await raiseIncident(w, { title: 'Rumour online', type: 'reputation' });
    const as = { userId: ROSTER.lead, locale: 'zh-CN' };
    const values = { plan: 'cyber-attack', kind: 'change-due', step: 'verify-claims', due: '1: 很快', why: '核实太慢' };
    const last = await proposeUpToLastPage(w, values, as);
    const refused = await submitModal(w, last.modal, values, { ...as, messageId: last.messageId });
    await w.discord.idle();
    expect(said(w, refused)).toContain('步骤：“verify-claims”不是 cyber-attack 的步骤');
    expect(said(w, refused)).toContain('各等级期限：“1: 很快”不是各等级期限');
    expect(await listProposals(w.db)).toEqual([]);
  });
});
