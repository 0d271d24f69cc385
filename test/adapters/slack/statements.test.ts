// Issue 14 on Slack: a statement drafted in a modal, reviewed with the card's buttons by several
// people (the author refused), published to announcement channels — one the bot is in, one it is
// not in (not_in_channel), one that does not exist (channel_not_found) — and to a signed webhook.
import { afterEach, describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { webhookReceiver, withChannels } from '../../statements/support.ts';
import { ALICE, buttonsOf, CAROL, click, ERIN, fire, HEIDI, type Msg, room, startWithRoster, submit } from './assessment-flow.ts';
import { KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
let receiver: Awaited<ReturnType<typeof webhookReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const cardOf = (h: Awaited<ReturnType<typeof startWithRoster>>, id: string): Msg => {
  const war = room(h);
  return [...h.messages(war.id)].reverse().find((m) => m.text.startsWith(`Statement ${id} `))! as Msg;
};

describe('statements on Slack', () => {
  it('drafts in a modal, is approved by two roles (the author refused), and publishes once to the channels the bot can post in and a verifying webhook', async () => {
    const h = await startWithRoster(harness);
    receiver = await webhookReceiver();
    const team = h.fake.state.ids.teamId;
    h.fake.addChannel({ id: 'C0PRESS', name: 'press', members: [h.fake.botUserId] });
    h.fake.addChannel({ id: 'C0HIDDEN', name: 'hidden', members: [ALICE] });
    const withThem = withChannels(h.core, [
      { id: 'press-slack', name: '#press', platform: 'slack', workspace: team, channel: 'C0PRESS' },
      { id: 'hidden', name: '#hidden', platform: 'slack', workspace: team, channel: 'C0HIDDEN' },
      { id: 'gone', name: '#gone', platform: 'slack', workspace: team, channel: 'C0GONE' },
      { id: 'website', webhook: receiver.url },
    ]);
    h.core.playbook = withThem.playbook;
    h.core.webhookSecret = withThem.webhookSecret;
    await h.raise(fire(h));
    const war = room(h);

    // The summary card's Draft statement button opens the form.
    const summary = h.messages(war.id).find((m) => m.text.startsWith(`${KEY}: Warehouse fire`))!;
    const opened = await click(h, summary, 'summary.statement', ERIN);
    expect(opened.view!.title.text).toMatch(/^Draft a statement/);
    const sent = await submit(h, { kind: 'holding', audience: 'public', channels: 'press-slack, hidden, gone, website', text_en: 'We are aware of a fire at Plant 2. <!channel> @everyone', text_zh: '我们已获悉二号厂区发生火情。' }, ERIN);
    expect(sent.status).toBe(200);
    let card = cardOf(h, 'S1');
    expect(card.text).toBe('Statement S1 (v1) — Holding statement for the public — Draft');
    expect(buttonsOf(card.blocks).map((b) => b.text?.text)).toEqual(['Approve', 'Request changes', 'Edit']);
    expect(shown(card.blocks)).toContain('Channels: #press, #hidden, #gone, website');

    expect((await click(h, card, 'statement.approve', ERIN)).said).toContain('You wrote S1 (or its latest version) yourself; someone else must approve it.');
    await click(h, card, 'statement.approve', HEIDI);
    await click(h, card, 'statement.approve', CAROL);
    card = cardOf(h, 'S1');
    expect(buttonsOf(card.blocks).map((b) => b.text?.text)).toEqual(['Publish', 'Edit']);
    const published = await click(h, card, 'statement.publish', CAROL);
    expect(published.said).toContain(`Statement S1 (v1) of ${KEY} is being published to: #press, #hidden, #gone, website.`);
    // Publishing again publishes nothing more.
    const responded = h.fake.responses.length;
    const again = await h.command(`statement ${KEY} publish S1`, CAROL, war.id);
    await h.settled();
    expect(JSON.stringify([again.body, ...h.fake.responses.slice(responded).map((r) => r.body)])).toContain(`S1 of ${KEY} is already Published; nothing changed.`);
    await h.settled();

    const press = h.messages('C0PRESS');
    expect(press).toHaveLength(1);
    expect(press[0]!.text).toBe('Holding statement');
    const body = JSON.stringify(press[0]!.blocks);
    expect(body).toContain('We are aware of a fire at Plant 2.');
    expect(body).not.toContain('<!channel>');
    expect(body).toContain('我们已获悉二号厂区发生火情。');
    expect(h.messages('C0HIDDEN')).toHaveLength(0);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.verified).toBe(true);

    const s = (await findIncident(h.core.db, KEY))!.statements![0]!;
    expect(s.publications.map((p) => [p.channel, p.state])).toEqual([['press-slack', 'delivered'], ['hidden', 'refused'], ['gone', 'refused'], ['website', 'delivered']]);
    expect(s.publications[1]!.error).toMatch(/^not_in_channel: /);
    expect(s.publications[2]!.error).toMatch(/^channel_not_found: /);
    const final = shown(cardOf(h, 'S1').blocks);
    expect(final).toContain('#press: delivered');
    expect(final).toMatch(/#hidden: refused — not_in_channel: /);
    expect(final).toContain('website: delivered');
  });
});
