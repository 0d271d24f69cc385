// The fake's ambiguous failures, its nonce check and message pages, through the real discord.js
// client: a message stored although its answer was a 500 or came too late; enforce_nonce returning
// the earlier message; the nonce echoed on creation but absent when messages are fetched.
import { once } from 'node:events';
import { Events, Routes, type APIMessage, type Message, type TextChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { IDS } from './index.ts';
import { useFakeDiscord } from './test-client.ts';

const setup = useFakeDiscord();
const bodies = (f: { state: { messagesIn(id: string): { data: APIMessage }[] } }, channel: string) => f.state.messagesIn(channel).map((m) => m.data.content);

describe('executed, then failed', () => {
  it('a message stored before a 500 is in the channel although the client saw the error', async () => {
    const [f, c] = await setup();
    f.failNext('POST /channels/:id/messages', { executed: true, times: 2 });
    for (const content of ['one', 'two']) {
      await expect(c.rest.post(Routes.channelMessages(IDS.general), { body: { content } })).rejects.toMatchObject({ status: 500 });
    }
    expect(bodies(f, IDS.general)).toEqual(['one', 'two']);
    expect(f.callsTo('POST', '/channels/:id/messages').map((x) => [x.status, x.executed])).toEqual([[500, true], [500, true]]);
  });

  it('a message stored before the answer was held past the client timeout is in the channel although the client timed out', async () => {
    const [f, c] = await setup();
    c.rest.options.timeout = 150;
    f.failNext('POST /channels/:id/messages', { executed: true, hangMs: 800 });
    await expect(c.rest.post(Routes.channelMessages(IDS.general), { body: { content: 'late' } })).rejects.toThrow();
    expect(bodies(f, IDS.general)).toEqual(['late']);
  });

  it('afterExecute sees a request once it took effect and before it is answered', async () => {
    const [f, c] = await setup();
    let answered = false;
    const seen: unknown[] = [];
    f.afterExecute = (call) => seen.push({ route: `${call.method} ${call.path}`, status: call.status, stored: bodies(f, IDS.general), answered });
    await c.rest.post(Routes.channelMessages(IDS.general), { body: { content: 'in flight' } });
    answered = true;
    expect(seen).toEqual([{ route: `POST /channels/${IDS.general}/messages`, status: 200, stored: ['in flight'], answered: false }]);
  });
});

describe('nonce', () => {
  it('with enforce_nonce the same nonce returns the earlier message instead of a second one', async () => {
    const [f, c] = await setup();
    const channel = c.channels.cache.get(IDS.general) as TextChannel;
    const first = await channel.send({ content: 'summary', nonce: 'entry-1', enforceNonce: true });
    const again = await channel.send({ content: 'summary', nonce: 'entry-1', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(bodies(f, IDS.general)).toEqual(['summary']);
    // Without enforce_nonce the nonce is not checked.
    await channel.send({ content: 'summary', nonce: 'entry-1' });
    expect(bodies(f, IDS.general)).toEqual(['summary', 'summary']);
    await expect(channel.send({ content: 'x', nonce: 'n'.repeat(26) })).rejects.toMatchObject({ code: 50035 });
  });

  it('is echoed in the creation answer and MESSAGE_CREATE, but not in fetched messages', async () => {
    const [, c] = await setup();
    const created = (await c.rest.post(Routes.channelMessages(IDS.general), { body: { content: 'hi', nonce: 'abc', enforce_nonce: true } })) as APIMessage;
    expect(created.nonce).toBe('abc');
    const seen = once(c, Events.MessageCreate) as Promise<[Message]>;
    await c.rest.post(Routes.channelMessages(IDS.general), { body: { content: 'ho', nonce: 'def' } });
    expect((await seen)[0].nonce).toBe('def');
    const one = (await c.rest.get(Routes.channelMessage(IDS.general, created.id))) as APIMessage;
    expect(one.nonce).toBeUndefined();
    const page = (await c.rest.get(Routes.channelMessages(IDS.general))) as APIMessage[];
    expect(page.map((m) => [m.content, m.nonce])).toEqual([['ho', undefined], ['hi', undefined]]);
  });
});

describe('GET /channels/:id/messages', () => {
  it('returns the latest first and honours limit, before and after', async () => {
    const [, c] = await setup();
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4]) ids.push(((await c.rest.post(Routes.channelMessages(IDS.general), { body: { content: `m${n}` } })) as APIMessage).id);
    const get = (q: Record<string, string>) => c.rest.get(Routes.channelMessages(IDS.general), { query: new URLSearchParams(q) }) as Promise<APIMessage[]>;
    expect((await get({ limit: '2' })).map((m) => m.content)).toEqual(['m4', 'm3']);
    expect((await get({ before: ids[2]! })).map((m) => m.content)).toEqual(['m2', 'm1']);
    expect((await get({ after: ids[0]!, limit: '2' })).map((m) => m.content)).toEqual(['m3', 'm2']);
    await expect(get({ limit: '101' })).rejects.toMatchObject({ code: 50035 });
  });
});
