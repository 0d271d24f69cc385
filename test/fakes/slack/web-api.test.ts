// The real @slack/web-api WebClient against the fake: shapes and errors of each method.
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './index.ts';
import { errorOf, webClient } from './test-helpers.ts';

let fake: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  fake = await startFakeSlack();
  client = webClient(fake);
});
afterAll(() => fake.stop());

describe('conversations', () => {
  it('creates channels and enforces the name rules', async () => {
    const res = await client.conversations.create({ name: 'inc-1-db-outage' });
    expect(res.channel).toMatchObject({ name: 'inc-1-db-outage', is_private: false, is_channel: true, creator: fake.botUserId });
    expect(res.channel?.id).toMatch(/^C[0-9A-Z]+$/);
    expect(fake.channels.get(res.channel?.id ?? '')?.members.has(fake.botUserId)).toBe(true);
    const priv = await client.conversations.create({ name: 'inc-1-private', is_private: true });
    expect(priv.channel?.is_private).toBe(true);
    expect(await errorOf(client.conversations.create({ name: 'Inc-1' }))).toBe('invalid_name_specials');
    expect(await errorOf(client.conversations.create({ name: 'inc 1' }))).toBe('invalid_name_specials');
    expect(await errorOf(client.conversations.create({ name: 'a'.repeat(81) }))).toBe('invalid_name_maxlength');
    expect(await errorOf(client.conversations.create({ name: 'a'.repeat(80) }))).toBe('ok');
    expect(await errorOf(client.conversations.create({ name: '' }))).toBe('invalid_name_required');
    expect(await errorOf(client.conversations.create({ name: 'inc-1-db-outage' }))).toBe('name_taken');
    fake.addChannel({ name: 'old-archived' }).is_archived = true;
    expect(await errorOf(client.conversations.create({ name: 'old-archived' }))).toBe('name_taken');
    const call = fake.callsTo('conversations.create')[0];
    expect(call).toMatchObject({ args: { name: 'inc-1-db-outage' }, token: fake.botToken, ok: true });
  });

  it('invites users with Slack errors', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-2' });
    const id = channel?.id ?? '';
    await client.conversations.invite({ channel: id, users: 'U0ALICE,U0WEI' });
    expect([...(fake.channels.get(id)?.members ?? [])].sort()).toEqual(['U0ALICE', 'U0BOT', 'U0WEI']);
    expect(await errorOf(client.conversations.invite({ channel: id, users: 'U0ALICE' }))).toBe('already_in_channel');
    expect(await errorOf(client.conversations.invite({ channel: id, users: 'U0ALICE,U0CAROL' }))).toBe('ok');
    expect(await errorOf(client.conversations.invite({ channel: id, users: 'U0NOBODY' }))).toBe('user_not_found');
    expect(await errorOf(client.conversations.invite({ channel: id, users: fake.botUserId }))).toBe('cant_invite_self');
    expect(await errorOf(client.conversations.invite({ channel: 'C0MISSING', users: 'U0ALICE' }))).toBe('channel_not_found');
    expect(await errorOf(client.conversations.invite({ channel: 'C0GENERAL', users: 'U0ALICE' }))).toBe('not_in_channel');
    const members = await client.conversations.members({ channel: id });
    expect(members.members).toHaveLength(4);
    const info = await client.conversations.info({ channel: id, include_num_members: true });
    expect(info.channel).toMatchObject({ id, name: 'inc-2', is_member: true, num_members: 4 });
  });

  it("pages a channel's members with a cursor and refuses what Slack refuses", async () => {
    const { channel } = await client.conversations.create({ name: 'inc-members' });
    const id = channel?.id ?? '';
    for (let i = 0; i < 5; i++) fake.channels.get(id)?.members.add(`U0MEMBER${i}`);
    const first = await client.conversations.members({ channel: id, limit: 4 });
    expect(first.members).toHaveLength(4);
    const rest = await client.conversations.members({ channel: id, limit: 4, cursor: first.response_metadata?.next_cursor });
    expect(rest.members).toHaveLength(2);
    expect(rest.response_metadata?.next_cursor).toBe('');
    expect([...(first.members ?? []), ...(rest.members ?? [])].sort()).toEqual([...(fake.channels.get(id)?.members ?? [])].sort());
    expect(await errorOf(client.conversations.members({ channel: id, limit: 0 }))).toBe('invalid_limit');
    expect(await errorOf(client.conversations.members({ channel: id, limit: 1000 }))).toBe('invalid_limit');
    expect(await errorOf(client.conversations.members({ channel: id, cursor: Buffer.from('offset:x').toString('base64') }))).toBe('invalid_cursor');
    const secret = fake.addChannel({ name: 'not-the-bots', is_private: true });
    expect(await errorOf(client.conversations.members({ channel: secret.id }))).toBe('channel_not_found');
  });

  it('lists channels by type, hides private ones the bot is not in, and pages with a cursor', async () => {
    const mine = await client.conversations.create({ name: 'inc-list-private', is_private: true });
    fake.addChannel({ name: 'someone-elses-secret', is_private: true });
    const pub = await client.conversations.list({ types: 'public_channel', exclude_archived: true, limit: 1000 });
    expect(pub.channels?.map((c) => c.name)).toContain('general');
    expect(pub.channels?.every((c) => !c.is_private)).toBe(true);
    expect(pub.channels?.some((c) => c.name === 'old-archived')).toBe(false);
    const priv = await client.conversations.list({ types: 'private_channel' });
    expect(priv.channels?.map((c) => c.name)).toEqual(['inc-1-private', 'inc-list-private']);
    expect(priv.channels?.[1]).toMatchObject({ id: mine.channel?.id, creator: fake.botUserId });
    const first = await client.conversations.list({ limit: 1 });
    expect(first.channels).toHaveLength(1);
    const second = await client.conversations.list({ limit: 1, cursor: first.response_metadata?.next_cursor });
    expect(second.channels?.[0]?.id).not.toBe(first.channels?.[0]?.id);
    expect(await errorOf(client.conversations.list({ types: 'galaxy' }))).toBe('invalid_types');
    fake.scopes.delete('groups:read');
    expect(await errorOf(client.conversations.list({ types: 'public_channel,private_channel' }))).toBe('missing_scope');
    fake.scopes.add('groups:read');
  });

  it('opens a DM once', async () => {
    const first = await client.conversations.open({ users: 'U0WEI' });
    expect(first.channel?.id).toMatch(/^D/);
    const again = await client.conversations.open({ users: 'U0WEI' });
    expect(again).toMatchObject({ no_op: true, already_open: true, channel: { id: first.channel?.id } });
    const posted = await client.chat.postMessage({ channel: first.channel?.id ?? '', text: '你好' });
    expect(posted.ok).toBe(true);
  });

  it('will not open a DM with, or invite, a deactivated account', async () => {
    fake.addUser({ id: 'U0GONE', name: 'gone', deleted: true });
    expect(await errorOf(client.conversations.open({ users: 'U0GONE' }))).toBe('user_disabled');
    expect([...fake.channels.values()].some((c) => c.is_im && c.user === 'U0GONE')).toBe(false);
    const { channel } = await client.conversations.create({ name: 'inc-deactivated' });
    expect(await errorOf(client.conversations.invite({ channel: channel?.id ?? '', users: 'U0WEI,U0GONE' }))).toBe('user_disabled');
    expect(fake.channels.get(channel?.id ?? '')?.members.has('U0WEI')).toBe(false);
    expect((await client.users.info({ user: 'U0GONE' })).user).toMatchObject({ id: 'U0GONE', deleted: true });
  });
});

describe('chat and pins', () => {
  it('posts, updates, pins and posts ephemerals', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-3' });
    const id = channel?.id ?? '';
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*SEV1*' } }];
    const a = await client.chat.postMessage({ channel: id, text: 'SEV1', blocks });
    expect(a).toMatchObject({ ok: true, channel: id, message: { text: 'SEV1', user: fake.botUserId, bot_id: fake.botId } });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(a.message?.blocks?.[0]?.block_id).toBeTruthy(); // Slack assigns block ids
    const b = await client.chat.postMessage({ channel: id, text: 'second', thread_ts: a.ts });
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    expect(fake.callsTo('chat.postMessage').at(-2)?.args.blocks).toEqual(blocks); // JSON-decoded
    const u = await client.chat.update({ channel: id, ts: a.ts ?? '', text: 'SEV1 (resolved)' });
    expect(u).toMatchObject({ ts: a.ts, text: 'SEV1 (resolved)' });
    expect(fake.state.findMessage(id, a.ts ?? '')?.text).toBe('SEV1 (resolved)');
    expect(await errorOf(client.chat.update({ channel: id, ts: '1.000001', text: 'x' }))).toBe('message_not_found');
    await client.pins.add({ channel: id, timestamp: a.ts ?? '' });
    expect(fake.channels.get(id)?.pins.has(a.ts ?? '')).toBe(true);
    expect(await errorOf(client.pins.add({ channel: id, timestamp: a.ts ?? '' }))).toBe('already_pinned');
    await client.conversations.invite({ channel: id, users: 'U0ALICE' });
    const e = await client.chat.postEphemeral({ channel: id, user: 'U0ALICE', text: 'only you' });
    expect(e.message_ts).toBeTruthy();
    expect(fake.ephemerals.at(-1)).toMatchObject({ channel: id, user: 'U0ALICE', text: 'only you' });
    expect(await errorOf(client.chat.postEphemeral({ channel: id, user: 'U0CAROL', text: 'x' }))).toBe('user_not_in_channel');
  });

  it('answers no_text, msg_too_long, not_in_channel and channel_not_found', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-4' });
    const id = channel?.id ?? '';
    expect(await errorOf(client.chat.postMessage({ channel: id } as never))).toBe('no_text');
    expect(await errorOf(client.chat.postMessage({ channel: id, text: 'x'.repeat(40001) }))).toBe('msg_too_long');
    expect(await errorOf(client.chat.postMessage({ channel: id, text: 'x'.repeat(40000) }))).toBe('ok');
    expect(await errorOf(client.chat.postMessage({ channel: 'C0GENERAL', text: 'hi' }))).toBe('not_in_channel');
    expect(await errorOf(client.pins.add({ channel: 'C0GENERAL', timestamp: '1.000001' }))).toBe('not_in_channel');
    expect(await errorOf(client.chat.postMessage({ channel: 'C0NOPE', text: 'hi' }))).toBe('channel_not_found');
    fake.scopes.add('chat:write.public');
    expect(await errorOf(client.chat.postMessage({ channel: 'C0GENERAL', text: 'hi' }))).toBe('ok');
    fake.scopes.delete('chat:write.public');
  });
});

describe('users, auth and scopes', () => {
  it('users.info includes locale only when asked; lookupByEmail', async () => {
    const plain = await client.users.info({ user: 'U0WEI' });
    expect(plain.user).toMatchObject({ id: 'U0WEI', name: 'wei', tz: 'Asia/Shanghai', profile: { email: 'wei@example.com' } });
    expect(plain.user).not.toHaveProperty('locale');
    const withLocale = await client.users.info({ user: 'U0WEI', include_locale: true });
    expect(withLocale.user?.locale).toBe('zh-CN');
    expect(await errorOf(client.users.info({ user: 'U0NOPE' }))).toBe('user_not_found');
    fake.addUser({ id: 'U0DAN', name: 'dan', email: 'Dan@Example.com', locale: 'en-GB' });
    expect((await client.users.lookupByEmail({ email: 'dan@example.com' })).user?.id).toBe('U0DAN');
    expect(await errorOf(client.users.lookupByEmail({ email: 'nobody@example.com' }))).toBe('users_not_found');
  });

  it('checks tokens and scopes', async () => {
    expect(await client.auth.test()).toMatchObject({ user_id: fake.botUserId, bot_id: fake.botId, team_id: fake.teamId });
    const bad = webClient(fake, {}, 'xoxb-wrong');
    expect(await errorOf(bad.auth.test())).toBe('invalid_auth');
    expect(await errorOf(webClient(fake, {}, null).auth.test())).toBe('not_authed');
    const app = webClient(fake, {}, fake.appToken);
    expect(await errorOf(app.chat.postMessage({ channel: 'C0GENERAL', text: 'x' }))).toBe('not_allowed_token_type');
    expect((await app.apps.connections.open()).url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    expect(await errorOf(client.apps.connections.open())).toBe('not_allowed_token_type');
    fake.scopes.delete('groups:write');
    const err = await client.conversations.create({ name: 'secret', is_private: true }).catch((e: { data: unknown }) => e.data);
    expect(err).toMatchObject({ ok: false, error: 'missing_scope', needed: 'groups:write' });
    expect((err as { provided: string }).provided.split(',')).toContain('channels:manage');
    expect(await errorOf(client.conversations.create({ name: 'public-ok' }))).toBe('ok');
    fake.scopes.add('groups:write');
    expect(await errorOf(client.apiCall('nope.nothing'))).toBe('unknown_method');
  });

  it('accepts JSON bodies', async () => {
    const res = await fetch(`${fake.apiUrl}conversations.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ name: 'json-body', is_private: true }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: { name: 'json-body', is_private: true } });
  });
});
