import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { defaultGuildSeed, type FakeMessage, type GuildSeed } from '../../fakes/discord/index.ts';
import { webhookReceiver, withChannels } from '../../statements/support.ts';
import { buttonOn, fillPages, interact, modalOf, raiseIncident, replyOf, submitModal, textOf, unescape, useWorlds, type As, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const P = { alice: '100000000000000001', carol: '100000000000000003', erin: '100000000000000005', heidi: '100000000000000008' } as const;
const ANNOUNCE = '1300000000000000500';
const HIDDEN = '1300000000000000501';
const GONE = '1300000000000009999';

function guild(): GuildSeed {
  const seed = defaultGuildSeed();
  return {
    ...seed,
    channels: [
      ...seed.channels!,
      { id: ANNOUNCE, name: 'announcements', type: 0 },
      // The bot cannot see it: Discord answers 50001 Missing Access, which an admin can still fix (retried, shown pending).
      { id: HIDDEN, name: 'press-room', type: 0, overwrites: [{ id: seed.id, type: 0, allow: '0', deny: String(1n << 10n) }] },
    ],
    members: [...seed.members!, ...Object.entries(P).map(([name, id]) => ({ id, username: `${name}-roster` }))],
  };
}

const plain = (m: FakeMessage) => unescape(textOf(m));
const followUps = (w: World, a: { id: string }): string[] => (w.fake.state.interactions.get(a.id)?.followupIds ?? []).map((id) => plain(w.fake.state.message(id)!));
const click = (w: World, m: FakeMessage, prefix: string, as: As) => interact(w, { kind: 'button', messageId: m.data.id, customId: buttonOn(m, prefix).custom_id, ...as });

describe('statements on Discord, with the real discord.js client', { timeout: 180_000 }, () => {
  it('drafts through paged modals, is approved by two roles (the author refused) and published to the announcement channel; an unknown channel is refused, a hidden one stays pending', async () => {
    const w = await openWorld('statements_flow', { guilds: [guild()] });
    const receiver = await webhookReceiver();
    const withThem = withChannels(w.core, [
      { id: 'announce', name: '#announcements', platform: 'discord', workspace: guild().id, channel: ANNOUNCE },
      { id: 'press', name: '#press-room', platform: 'discord', workspace: guild().id, channel: HIDDEN },
      { id: 'gone', name: '#gone', platform: 'discord', workspace: guild().id, channel: GONE },
      { id: 'website', webhook: receiver.url },
    ]);
    w.core.playbook = withThem.playbook;
    w.core.webhookSecret = withThem.webhookSecret;
    try {
      await raiseIncident(w, { title: 'Warehouse fire', type: 'safety-accident', people_affected: '12' });
      const incident = (await findIncident(w.db, KEY))!;
      const summary = w.fake.state.message(incident.summaryMessage!.id)!;
      const first = modalOf(await click(w, summary, 'summary.statement:', { userId: P.erin }));
      expect(first.title).toMatch(/^Draft a statement — INC-20261128-001 \(1\/2\)/);
      const typed = { kind: 'Holding statement', audience: 'the public', channels: 'announce, press, gone, website', text_en: 'We are aware of a fire at Plant 2. @everyone', text_zh: '我们已获悉二号厂区发生火情。', rumour: '' };
      const last = await fillPages(w, first, typed, { userId: P.erin }, summary.data.id);
      const done = replyOf(w, await submitModal(w, last.modal, typed, { userId: P.erin, messageId: last.messageId }));
      expect(plain(done)).toBe(`Statement S1 drafted for ${KEY}; it waits for approval by: Legal counsel, Communications lead.`);

      const cardId = (await findIncident(w.db, KEY))!.statements![0]!.card!.id;
      const cardMsg = () => w.fake.state.message(cardId)!;
      expect(followUps(w, await click(w, cardMsg(), 'statement.approve:', { userId: P.erin }))).toEqual(['You wrote S1 (or its latest version) yourself; someone else must approve it.']);
      await click(w, cardMsg(), 'statement.approve:', { userId: P.heidi });
      expect(followUps(w, await click(w, cardMsg(), 'statement.approve:', { userId: P.carol }))).toEqual([`Statement S1 (v1) of ${KEY} is approved and can be published.`]);
      expect(followUps(w, await click(w, cardMsg(), 'statement.publish:', { userId: P.carol }))).toEqual([`Statement S1 (v1) of ${KEY} is being published to: #announcements, #press-room, #gone, website.`]);

      await w.discord.idle();
      const posted = w.fake.state.messagesIn(ANNOUNCE);
      expect(posted).toHaveLength(1);
      expect(plain(posted[0]!)).toContain('**Holding statement**');
      expect(plain(posted[0]!)).not.toContain('Warehouse fire');
      expect(plain(posted[0]!)).toContain('我们已获悉二号厂区发生火情。');
      expect(posted[0]!.pings.everyone).toBe(false);
      expect(w.fake.state.messagesIn(HIDDEN)).toHaveLength(0);
      expect(receiver.received.map((r) => r.verified)).toEqual([true]);

      const s = (await findIncident(w.db, KEY))!.statements![0]!;
      expect(s.publications.map((p) => [p.channel, p.state])).toEqual([['announce', 'delivered'], ['press', 'pending'], ['gone', 'refused'], ['website', 'delivered']]);
      expect(s.publications[2]!.error).toMatch(/^unknown_channel: /);
      expect(plain(cardMsg())).toMatch(/#press-room: pending, retrying \(/);
    } finally {
      await receiver.close();
    }
  });
});
