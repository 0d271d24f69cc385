import { describe, expect, it } from 'vitest';
import { readRisk } from '../../../src/risks/register.ts';
import { planReviewTick } from '../../../src/plans/evergreen.ts';
import { riskTick } from '../../../src/risks/reminders.ts';
import { IDS } from '../../fakes/discord/payloads.ts';
import type { FakeMessage } from '../../fakes/discord/index.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { buttonsOf, fillPages, guildWithRoster, interact, modalOf, replyOf, ROSTER, submitModal, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const DAVE = '100000000000000004'; // security: owns ransomware
const plain = (m: FakeMessage) => unescape(textOf(m));
const dms = (w: World, user: string) => w.fake.state.messagesIn(w.fake.state.dmChannels.get(user) ?? '');
const withDave = () => {
  const seed = guildWithRoster();
  return { ...seed, members: [...seed.members!, { id: DAVE, username: 'dave-security' }] };
};

async function say(w: World, userId: string, options: Record<string, string>): Promise<string> {
  return plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'risk', options, userId })));
}

/** `/crisis risk action:… details:…`, its form's pages filled with `typed` and submitted. */
async function viaForm(w: World, options: Record<string, string>, typed: Record<string, string>) {
  const first = modalOf(await interact(w, { kind: 'slash', subcommand: 'risk', options, userId: ROSTER.monitoringLeader }));
  const last = await fillPages(w, first, typed, { userId: ROSTER.monitoringLeader });
  return replyOf(w, await submitModal(w, last.modal, typed, { userId: ROSTER.monitoringLeader, messageId: last.messageId }));
}

describe('Discord: the risk register, with the real discord.js client', { timeout: 120_000 }, () => {
  it('adds through the modal pages (a bad score named, fixed without retyping), updates keeping a version, reminds the owner by DM', async () => {
    const pb = await loadDefaultPlaybook();
    const playbook = { ...pb, signals: { ...pb.signals!, monitoring: [{ platform: 'discord' as const, workspace: IDS.guild, channel: IDS.general, name: 'general' }] } };
    const w = await openWorld('risks_flow', { guilds: [withDave()], playbook });

    expect(await say(w, ROSTER.monitoringLeader, {})).toContain('Risk register — 9 active, 0 overdue for review');
    expect(await say(w, ROSTER.monitoringLeader, { action: 'show', details: 'ransomware' })).toContain('3×5=15 high');

    const typed = { title: 'Fire at the plant', category: 'safety', likelihood: '6', impact: '4', owner: 'operations', mitigation: 'Sprinklers checked monthly', next_review: '' };
    const refused = await viaForm(w, { action: 'add' }, typed);
    expect(plain(refused)).toContain('Likelihood (1–5) must be a whole number from 1 to 5, e.g. 3.');
    const fix = buttonsOf(refused).filter((b) => b.custom_id.startsWith('crisis.page:'));
    expect(fix.map((b) => b.label)).toEqual(['Fix page 1/2']);
    const page1 = modalOf(await interact(w, { kind: 'button', messageId: refused.data.id, customId: fix[0]!.custom_id, userId: ROSTER.monitoringLeader }));
    const added = replyOf(w, await submitModal(w, page1, { likelihood: '2' }, { userId: ROSTER.monitoringLeader, messageId: refused.data.id }));
    expect(plain(added)).toContain('Added risk-1 to the risk register.');
    expect(await readRisk(w.db, 'risk-1')).toMatchObject({ title: 'Fire at the plant', likelihood: 2, impact: 4, rating: 'medium', mitigation: 'Sprinklers checked monthly', platform: 'discord' });

    // The monitoring group leader updates it; the reason is typed inline, the rest kept from the risk.
    const updated = await viaForm(w, { action: 'update', details: 'risk-1 impact=5 reason="site doubled"' }, {});
    expect(plain(updated)).toContain('Updated risk-1 (version 2).');
    expect((await readRisk(w.db, 'risk-1'))!.versions.map((v) => [v.kind, v.impact, v.reason ?? ''])).toEqual([['created', 4, ''], ['updated', 5, 'site doubled']]);

    // A month on, ransomware's review is due: one DM to Dave, one digest in the monitoring channel.
    w.clock.set(new Date(w.clock.now().getTime() + 31 * 86_400_000));
    await riskTick(w.core);
    await riskTick(w.core);
    await w.discord.dispatcher.drain();
    await w.discord.idle();
    expect(dms(w, DAVE).filter((m) => plain(m).includes('Risk review due: ransomware'))).toHaveLength(1);
    expect(w.fake.state.messagesIn(IDS.general).filter((m) => plain(m).includes('Risk reviews this week'))).toHaveLength(1);
  });

  it('reminds the lead by DM of a plan past its review (evergreen), once a week', async () => {
    const pb = await loadDefaultPlaybook();
    const monitoring = [{ platform: 'discord' as const, workspace: IDS.guild, channel: IDS.general, name: 'general' }];
    const playbook = { ...pb, signals: { ...pb.signals!, monitoring }, plans: pb.plans.map((p) => (p.id === 'reputation' ? { ...p, reviewed_at: '2025-12-02' } : p)) };
    const w = await openWorld('plans_evergreen', { guilds: [guildWithRoster()], playbook });
    for (const days of [0, 2, 7]) {
      w.clock.set(new Date(Date.parse('2026-12-02T10:00:00Z') + days * 86_400_000));
      await planReviewTick(w.core);
      await w.discord.dispatcher.drain();
      await w.discord.idle();
    }
    const reminders = dms(w, ROSTER.lead).filter((m) => plain(m).includes('Plan review due: reputation'));
    expect(reminders).toHaveLength(2);
    expect(plain(reminders[1]!)).toContain('Reminder 2: one comes each week until the plan is reviewed.');
  });

  it('answers in Chinese to a Chinese client', async () => {
    const w = await openWorld('risks_zh', { locale: 'zh-CN' });
    const list = plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'risk', options: { action: 'list' }, userId: ROSTER.monitoringLeader, locale: 'zh-CN' })));
    expect(list).toContain('风险清单 — 在用 9 项');
    expect(list).toContain('3×5=15 高');
  });
});
