// Private incidents on Slack, through real Bolt and the fake workspace: the war room's channel says
// who may see and act on the incident, checked with conversations.members and believed for 30 s.
import { describe, expect, it } from 'vitest';
import { MEMBERSHIP_TTL_MS } from '../../../src/incidents/access.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { buttonsOf, click, type Msg, room } from './assessment-flow.ts';
import { type Harness, KEY, OPS, pickerValue, SECRET, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
/** In the workspace and in #ops, on no roster, not in the war room. */
const OUTSIDER = 'U0CAROL';
const NO_SUCH_KEY = 'INC-20261128-999';
/** What an unknown key gets (a warning, as Slack shows it). */
const unknown = (key: string) => `⚠️ There is no incident ${key}; /crisis status lists the open ones.`;
const ransomware = (h: Harness) => ({ title: 'Ransomware on the file server', type: 'cyber-attack', started_at: pickerValue(h, 30) });

/** `/crisis <text>` typed by `user`; what the private answer shows. */
async function answer(h: Harness, text: string, user = OUTSIDER, channel = OPS): Promise<string> {
  const before = h.fake.responses.length;
  await h.command(text, user, channel);
  await h.settled();
  return shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
}

describe('Slack: a private incident is open to its war room only', () => {
  it('answers a workspace member outside the channel as for an unknown key, commands and Done button alike, and lists it as a count', async () => {
    const h = await harness();
    await h.raise(ransomware(h));
    const war = room(h);
    expect(war.is_private).toBe(true);
    expect(war.members.has(OUTSIDER)).toBe(false);

    for (const command of [`status ${KEY}`, `timeline ${KEY}`, `tick ${KEY} 1`, `untick ${KEY} 1`, `update ${KEY} They are still inside`, `need-help ${KEY} 1`]) {
      expect(await answer(h, command), command).toBe(unknown(KEY));
      expect(await answer(h, command.replace(KEY, NO_SUCH_KEY)), command).toBe(unknown(NO_SUCH_KEY));
    }
    const checklist = h.messages(war.id).find((m) => buttonsOf(m.blocks ?? []).some((b) => b.action_id.startsWith('step.done:'))) as Msg;
    expect((await click(h, checklist, 'step.done', OUTSIDER, `${KEY}:1`)).said).toBe(unknown(KEY));
    expect((await h.timeline()).filter((e) => e.type === 'step.done' || e.type === 'update.posted')).toEqual([]);

    const list = await answer(h, 'status');
    expect(list).toContain('1 private incident (only the people of its war room can see it).');
    expect(list).not.toContain('Ransomware');
    expect(list).not.toContain(KEY);
    // One question to Slack for all of that: the answer is believed for a while.
    expect(h.fake.callsTo('conversations.members')).toMatchObject([{ ok: true, args: { channel: war.id } }]);
    // The reporter, in the channel, sees it as before.
    expect(await answer(h, `status ${KEY}`, 'U0ALICE')).toContain(`${KEY}: Ransomware on the file server`);
  });

  it('follows the channel: someone added in Slack gains access, someone removed loses it', async () => {
    const h = await harness();
    await h.raise(ransomware(h));
    const war = room(h);
    expect(await answer(h, `status ${KEY}`)).toBe(unknown(KEY));
    war.members.add(OUTSIDER);
    h.clock.advance(MEMBERSHIP_TTL_MS + 1);
    expect(await answer(h, `status ${KEY}`)).toContain(`${KEY}: Ransomware on the file server`);
    expect(await answer(h, `tick ${KEY} 1`)).toContain(`Step 1 of ${KEY} done`);
    war.members.delete(OUTSIDER);
    h.clock.advance(MEMBERSHIP_TTL_MS + 1);
    expect(await answer(h, `timeline ${KEY}`)).toBe(unknown(KEY));
  });

  it("acts on Slack's member events at once: someone who leaves loses access, someone who joins gains it, before the cache would expire", async () => {
    const h = await harness();
    await h.raise(ransomware(h));
    const war = room(h);
    const said = (type: string, user: string) => h.fake.sendEvent(h.url, SECRET, { type, user, channel: war.id, channel_type: 'G', team: h.fake.state.ids.teamId });
    expect(await answer(h, `status ${KEY}`)).toBe(unknown(KEY));
    war.members.add(OUTSIDER);
    expect((await said('member_joined_channel', OUTSIDER)).status).toBe(200);
    expect(await answer(h, `status ${KEY}`)).toContain(`${KEY}: Ransomware on the file server`);
    war.members.delete(OUTSIDER);
    expect((await said('member_left_channel', OUTSIDER)).status).toBe(200);
    expect(await answer(h, `tick ${KEY} 1`)).toBe(unknown(KEY));
    expect((await h.timeline()).filter((e) => e.type === 'step.done')).toEqual([]);
  });

  it('lets in an always-entitled role outside the channel, and leaves public incidents open to everyone', async () => {
    const pb = await loadDefaultPlaybook();
    // Wei is on the roster only as a monitoring-group member: not a cyber-attack war-room role, but one levels.yml always entitles.
    const playbook = { ...pb, roster: [...pb.roster, { id: 'wei', name: 'Wei Observer', roles: ['monitoring_member'], slack: 'U0WEI' }] };
    const h = await harness({ playbook });
    await h.raise(ransomware(h));
    expect(room(h).members.has('U0WEI')).toBe(false);
    // In Wei's language (her Slack locale is zh-CN).
    expect(await answer(h, `status ${KEY}`, 'U0WEI')).toContain(`${KEY}：Ransomware on the file server`);
    expect(await answer(h, `status ${KEY}`)).toBe(unknown(KEY));

    await h.raise({ title: 'Late deliveries', type: 'supply-chain', started_at: pickerValue(h, 30) });
    const publicKey = 'INC-20261128-002';
    expect(await answer(h, `tick ${publicKey} 1`)).toContain(`Step 1 of ${publicKey} done`);
    expect(await answer(h, 'status')).toContain(`${publicKey} · level 4 · Late deliveries`);
  });
});
