// The fake's ambiguous failures and the look-up they call for, through the real WebClient: a call
// that took effect although its answer was a 500 or came too late, and conversations.history with
// the message metadata a sender can find its own messages by.
import { ErrorCode } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, DEFAULT_SCOPES, startFakeSlack } from './index.ts';
import { errorOf, webClient } from './test-helpers.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterEach(() => fake.clearCalls());
afterAll(() => fake.stop());

const marked = (key: string) => ({ event_type: 'crisis_bot_effect', event_payload: { key } });

describe('executed, then failed', () => {
  it('a post that executes then answers 500 is in the channel although the client saw an HTTP error', async () => {
    const { channel } = await webClient(fake).conversations.create({ name: 'exec-500' });
    fake.fail('chat.postMessage', { executed: true, times: 2 });
    const client = webClient(fake);
    for (const text of ['one', 'two']) {
      await expect(client.chat.postMessage({ channel: channel!.id!, text })).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    }
    expect(fake.messages.get(channel!.id!)?.map((m) => m.text)).toEqual(['one', 'two']);
    expect(fake.callsTo('chat.postMessage')).toMatchObject([{ status: 500, executed: true }, { status: 500, executed: true }]);
    // The failure count is used up: the next post is answered normally.
    expect(await errorOf(client.chat.postMessage({ channel: channel!.id!, text: 'three' }))).toBe('ok');
  });

  it('a post that executes then hangs past the client timeout is in the channel although the client timed out', async () => {
    const { channel } = await webClient(fake).conversations.create({ name: 'exec-hang' });
    fake.fail('chat.postMessage', { executed: true, hangMs: 600 });
    await expect(webClient(fake, { timeout: 100 }).chat.postMessage({ channel: channel!.id!, text: 'late' })).rejects.toMatchObject({ code: ErrorCode.RequestError });
    expect(fake.messages.get(channel!.id!)?.map((m) => m.text)).toEqual(['late']);
  });

  it('a post that executes then loses its connection unanswered is in the channel although the client saw a network error', async () => {
    const { channel } = await webClient(fake).conversations.create({ name: 'exec-drop' });
    fake.fail('chat.postMessage', { executed: true, drop: true });
    await expect(webClient(fake).chat.postMessage({ channel: channel!.id!, text: 'cut' })).rejects.toMatchObject({ code: ErrorCode.RequestError });
    expect(fake.messages.get(channel!.id!)?.map((m) => m.text)).toEqual(['cut']);
    expect(fake.callsTo('chat.postMessage').at(-1)).toMatchObject({ executed: true, status: 0 });
  });
});

describe('conversations.history', () => {
  it('returns the newest messages first, honours limit, and returns metadata only with include_all_metadata', async () => {
    const client = webClient(fake);
    const { channel } = await client.conversations.create({ name: 'history' });
    const id = channel!.id!;
    for (const n of [1, 2, 3]) await client.chat.postMessage({ channel: id, text: `m${n}`, metadata: marked(`k${n}`) });
    const page = await client.conversations.history({ channel: id, limit: 2, include_all_metadata: true });
    expect(page.messages?.map((m) => m.text)).toEqual(['m3', 'm2']);
    expect(page.messages?.map((m) => m.metadata)).toEqual([marked('k3'), marked('k2')]);
    expect(page.has_more).toBe(true);
    const rest = await client.conversations.history({ channel: id, limit: 2, cursor: page.response_metadata!.next_cursor! });
    expect(rest.messages?.map((m) => m.text)).toEqual(['m1']);
    expect(rest.messages?.[0]?.metadata).toBeUndefined();
    const posted = await client.chat.postMessage({ channel: id, text: 'm4' });
    const after = await client.conversations.history({ channel: id, oldest: posted.ts! });
    expect(after.messages).toEqual([]);
  });

  it('needs the history scope of the channel type, and the bot in the channel', async () => {
    const client = webClient(fake);
    const { channel } = await client.conversations.create({ name: 'history-private', is_private: true });
    const noScopes = await startFakeSlack({ scopes: DEFAULT_SCOPES.filter((s) => s !== 'groups:history') });
    try {
      const other = webClient(noScopes);
      const priv = await other.conversations.create({ name: 'p', is_private: true });
      expect(await errorOf(other.conversations.history({ channel: priv.channel!.id! }))).toBe('missing_scope');
    } finally {
      await noScopes.stop();
    }
    expect(await errorOf(client.conversations.history({ channel: channel!.id! }))).toBe('ok');
    expect(await errorOf(client.conversations.history({ channel: 'C0GENERAL' }))).toBe('not_in_channel');
  });

  it('rejects metadata that is not {event_type, event_payload}', async () => {
    const client = webClient(fake);
    expect(await errorOf(client.chat.postMessage({ channel: 'U0ALICE', text: 'x', metadata: { event_type: 'has space', event_payload: {} } }))).toBe('invalid_metadata_schema');
  });
});
