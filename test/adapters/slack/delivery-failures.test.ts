// What happens to a raised incident when Slack's Web API misbehaves: rate limits, an outage, a
// missing scope, a channel name that is taken, a channel the bot is not in.
import { describe, expect, it } from 'vitest';
import { PlatformRefusal } from '../../../adapters/port.ts';
import { note } from '../../../src/ui/card.ts';
import { DEFAULT_SCOPES } from '../../fakes/slack/index.ts';
import { type Harness, KEY, OPS, pickerValue, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

const ROOM = 'inc-20261128-001-warehouse-fire';
const fire = (h: Harness, extra: Record<string, string | number> = {}) => ({
  title: 'Warehouse fire',
  type: 'safety-accident',
  started_at: pickerValue(h, 5),
  ...extra,
});
const channelNamed = (h: Harness, name: string) => [...h.fake.channels.values()].find((c) => c.name === name);

describe('Slack delivery failures', () => {
  it('429 with Retry-After on chat.postMessage: delivered after the wait, every post once and in order', async () => {
    // The client honours Retry-After itself; minTimeout 0 keeps node-retry's own pause out of it.
    const h = await harness({ slack: { clientOptions: { retryConfig: { retries: 2, minTimeout: 0 } } } });
    h.fake.fail('chat.postMessage', { retryAfter: 1 });
    const started = Date.now();
    await h.raise(fire(h));
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts[0]).toMatchObject({ status: 429, error: 'ratelimited' });
    expect(posts.filter((c) => c.ok).length).toBe(posts.length - 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const room = channelNamed(h, ROOM)!;
    const texts = h.messages(room.id).map((m) => shown(m.blocks));
    // Nothing posted twice; the checklist pages follow each other in order.
    expect(new Set(texts).size).toBe(texts.length);
    const pages = texts.filter((t) => t.startsWith(`Checklist ${KEY}`)).map((t) => t.split('\n')[0]);
    expect(pages).toEqual([`Checklist ${KEY} (1/2)`, `Checklist ${KEY} (2/2)`]);
    expect(texts.some((t) => t.includes(`${KEY}: Warehouse fire`))).toBe(true);
    expect(h.fake.ephemerals.filter((e) => e.user === 'U0ALICE')).toHaveLength(1);
  });

  it('Slack down: the incident is recorded at once, the reporter is told what is pending, the war room appears once Slack answers', async () => {
    const h = await harness();
    await h.command('raise Warehouse fire');
    await h.settled();
    h.fake.down();
    const answer = await h.submit(fire(h));
    // The ack travels on the request Slack made, not through the Web API: it arrives while the API is down.
    expect(answer.body).toMatchObject({ response_action: 'update' });
    const view = (answer.body as { view: { blocks: unknown } }).view;
    expect(shown(view.blocks)).toContain(`${KEY} raised: Warehouse fire`);
    expect(shown(view.blocks)).toContain(`War room: #${ROOM}`);
    expect(shown(view.blocks)).toContain('Setting up in Slack now: the channel, the invitations, the pinned summary and the checklist.');
    expect(await h.incident()).toMatchObject({ key: KEY, title: 'Warehouse fire' });
    await h.settled();
    expect(h.fake.callsTo('conversations.create')).toMatchObject([{ status: 503 }]);
    expect((await h.incident())?.room).toBeFalsy();

    h.fake.up();
    h.clock.advance(5 * 60_000); // past the outbox's backoff
    await h.slack.dispatcher.drain();
    await h.settled();
    const room = channelNamed(h, ROOM)!;
    expect((await h.incident())?.room).toMatchObject({ id: room.id, name: ROOM });
    expect(h.messages(room.id).length).toBeGreaterThanOrEqual(4);
    expect(room.pins.size).toBe(1);
    const told = h.fake.ephemerals.filter((e) => e.user === 'U0ALICE' && e.channel === OPS).map((e) => shown(e.blocks));
    expect(told.at(-1)).toContain(`<#${room.id}>`);
  });

  it('missing groups:write for a private room: the incident is kept and the refusal names the scope', async () => {
    const h = await harness({ fake: { scopes: DEFAULT_SCOPES.filter((s) => s !== 'groups:write') } });
    await h.raise(fire(h, { people_affected: '12' })); // level 2: private room
    expect(h.fake.callsTo('conversations.create')).toMatchObject([{ error: 'missing_scope', args: { is_private: 'true' } }]);
    expect(await h.incident()).toMatchObject({ key: KEY, level: 2 });
    const refused = (await h.timeline()).filter((e) => e.type === 'delivery.failed');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.data).toMatchObject({ effect: 'open-room', platform: 'slack', code: 'missing_scope' });
    expect(String(refused[0]?.data.error)).toContain('groups:write');
    expect(String(refused[0]?.data.error)).toContain('manifest.yml');
  });

  it("a channel name taken by someone else's channel gets a suffix; one the bot made before is reused", async () => {
    const h = await harness();
    h.fake.addChannel({ name: ROOM, created_by: 'U0CAROL' });
    await h.raise(fire(h));
    expect(h.fake.callsTo('conversations.create').map((c) => [c.args.name, c.error ?? 'ok'])).toEqual([
      [ROOM, 'name_taken'],
      [`${ROOM}-2`, 'ok'],
    ]);
    expect((await h.incident())?.room?.name).toBe(`${ROOM}-2`);

    // Crash recovery: the bot had created the next incident's channel but not recorded it.
    const again = await harness();
    const made = again.fake.addChannel({ name: ROOM, created_by: again.fake.botUserId, is_private: false });
    await again.raise(fire(again));
    expect(again.fake.callsTo('conversations.create')).toMatchObject([{ error: 'name_taken' }]);
    expect((await again.incident())?.room).toMatchObject({ id: made.id, name: ROOM });
    expect(again.messages(made.id).length).toBeGreaterThanOrEqual(4);
  });

  it('not_in_channel: a confirmation for a channel the bot is not in arrives as a DM instead', async () => {
    const h = await harness();
    await h.raise(fire(h), 'U0ALICE', 'C0GENERAL');
    expect(h.fake.callsTo('chat.postEphemeral')).toMatchObject([{ error: 'not_in_channel', args: { channel: 'C0GENERAL' } }]);
    const room = channelNamed(h, ROOM)!;
    const dm = [...h.fake.channels.values()].find((c) => c.is_im && c.user === 'U0ALICE')!;
    expect(shown(h.messages(dm.id).at(-1)?.blocks)).toContain(`<#${room.id}>`);
  });

  it('not_in_channel when the bot was removed from the war room: a refusal that says how to add it back', async () => {
    const h = await harness();
    await h.raise(fire(h));
    const room = channelNamed(h, ROOM)!;
    room.members.delete(h.fake.botUserId);
    const refusal = await h.slack.port.post({ id: room.id, name: ROOM }, note('still there?')).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PlatformRefusal);
    expect(refusal).toMatchObject({ code: 'not_in_channel', message: expect.stringContaining('/invite @crisisbot') });
  });
});
