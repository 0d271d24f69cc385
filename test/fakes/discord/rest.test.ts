import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, ChannelType, PermissionFlagsBits as F, RESTEvents, Routes,
} from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS, IDS, P } from './index.ts';
import { useFakeDiscord } from './test-client.ts';

const setup = useFakeDiscord();
const privateOverwrites = (botId: string) => [
  { id: IDS.guild, deny: [F.ViewChannel] },
  { id: botId, allow: [F.ViewChannel, F.SendMessages, F.ManageChannels, F.ReadMessageHistory] },
  { id: IDS.alice, allow: [F.ViewChannel, F.SendMessages, F.ReadMessageHistory] },
];
const buttonRow = (prefix: string, n: number) => new ActionRowBuilder<ButtonBuilder>().addComponents(
  Array.from({ length: n }, (_, i) => new ButtonBuilder().setCustomId(`${prefix}:${i}`).setLabel(`Step ${i}`).setStyle(ButtonStyle.Secondary)));

describe('channels', () => {
  it('creates a private war-room channel in a category with string-bitset overwrites', async () => {
    const [f, c] = await setup();
    const guild = c.guilds.cache.get(IDS.guild);
    const room = await guild?.channels.create({
      name: 'inc-42-db-down', type: ChannelType.GuildText, parent: IDS.incidents, topic: 'SEV1',
      permissionOverwrites: privateOverwrites(f.botUserId), reason: 'crisis raised',
    });
    const call = f.callsTo('POST', '/guilds/:guild/channels')[0];
    expect(call?.status).toBe(201);
    expect(call?.headers['x-audit-log-reason']).toBe('crisis%20raised');
    expect(call?.headers.authorization).toBe('Bot [redacted]');
    expect(call?.body).toMatchObject({ permission_overwrites: [{ id: IDS.guild, type: 0, allow: '0', deny: '1024' }, { id: f.botUserId, type: 1, allow: '68624' }, { id: IDS.alice, type: 1, allow: '68608' }] });
    const stored = f.state.channels.get(room?.id ?? '');
    expect(stored).toMatchObject({ name: 'inc-42-db-down', parentId: IDS.incidents, topic: 'SEV1', type: 0 });
    expect(room?.parentId).toBe(IDS.incidents);
    expect(f.state.channelPermissions(stored?.id ?? '', IDS.bob)).toBe(0n); // private: bob cannot see it
    expect(f.state.channelPermissions(stored?.id ?? '', IDS.alice) & P.SendMessages).toBe(P.SendMessages);
    await room?.setName('inc-42-resolved');
    await room?.permissionOverwrites.edit(IDS.bob, { ViewChannel: true });
    expect(f.state.channels.get(room?.id ?? '')?.name).toBe('inc-42-resolved');
    expect(f.state.channelPermissions(room?.id ?? '', IDS.bob) & P.ViewChannel).toBe(P.ViewChannel);
  });

  it('rejects creation without MANAGE_CHANNELS or with an overwrite granting what the bot lacks (50013)', async () => {
    const [f, c] = await setup();
    const guild = c.guilds.cache.get(IDS.guild);
    await expect(guild?.channels.create({ name: 'x', permissionOverwrites: [{ id: IDS.alice, allow: [F.Administrator] }] })).rejects.toMatchObject({ code: 50013, status: 403 });
    await expect(guild?.channels.create({ name: 'x'.repeat(101) })).rejects.toMatchObject({ code: 50035 });
    f.setBotPermissions(IDS.guild, DEFAULT_BOT_PERMISSIONS & ~P.ManageChannels);
    await expect(guild?.channels.create({ name: 'inc-43' })).rejects.toMatchObject({ code: 50013, message: 'Missing Permissions' });
    await vi.waitFor(() => expect(guild?.members.me?.permissions.has('ManageChannels')).toBe(false)); // GUILD_ROLE_UPDATE
  });

  it('answers 50001 for a channel the bot cannot see, 10003 for an unknown one', async () => {
    const [f, c] = await setup();
    const hidden = await c.guilds.cache.get(IDS.guild)?.channels.create({ name: 'hidden', permissionOverwrites: [{ id: IDS.guild, deny: [F.ViewChannel] }] });
    await expect(c.rest.post(Routes.channelMessages(hidden?.id ?? ''), { body: { content: 'hi' } })).rejects.toMatchObject({ code: 50001 });
    await expect(c.channels.fetch('1300000000000009999')).rejects.toMatchObject({ code: 10003, status: 404 });
    expect(f.callsTo('GET', '/channels/:id')[0]?.status).toBe(404);
  });
});

describe('messages', () => {
  it('enforces content, embed and component limits with 50035 field errors, and 50006 for empty', async () => {
    const [, , general] = await setup();
    await expect(general.send({ components: [buttonRow('a', 6)] })).rejects.toMatchObject({ code: 50035, rawError: { errors: { components: { 0: { components: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } } } } });
    await expect(general.send('x'.repeat(2001))).rejects.toMatchObject({ code: 50035, rawError: { errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } } });
    await expect(general.send({ embeds: [{ description: 'd'.repeat(4096) }, { title: 't'.repeat(5), description: 'd'.repeat(1900) }] })).rejects.toMatchObject({ code: 50035, rawError: { errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } } });
    await expect(general.send({ embeds: [{ description: 'd'.repeat(4096) }, { title: 't'.repeat(4), description: 'd'.repeat(1900) }] })).resolves.toBeDefined();
    await expect(general.send({ components: Array.from({ length: 6 }, (_, r) => buttonRow(`r${r}`, 1)) })).rejects.toMatchObject({ code: 50035 });
    await expect(general.send({ components: [buttonRow('dup', 2), buttonRow('dup', 1)] })).rejects.toMatchObject({ code: 50035 });
    await expect(general.client.rest.post(Routes.channelMessages(general.id), { body: { content: '' } })).rejects.toMatchObject({ code: 50006 });
  });

  it('accepts a 5x5 checklist, edits it in place, pins it, records allowed_mentions', async () => {
    const [f, , general] = await setup();
    const rows = Array.from({ length: 5 }, (_, r) => buttonRow(`step${r}`, 5));
    const msg = await general.send({ content: 'Checklist', components: rows, allowedMentions: { parse: [] } });
    const stored = f.state.message(msg.id);
    expect(stored?.data.components).toHaveLength(5);
    expect(stored?.allowedMentions).toEqual({ parse: [] });
    expect(msg.components[4]?.type).toBe(1);
    await msg.edit({ content: 'Checklist (2/25 done)' });
    expect(stored?.data.content).toBe('Checklist (2/25 done)');
    expect(stored?.data.edited_timestamp).not.toBeNull();
    expect(f.state.messagesIn(IDS.general).filter((m) => m.data.type === 0)).toHaveLength(1);
    await msg.pin();
    expect(f.callsTo('PUT', '/channels/:c/messages/pins/:m')).toHaveLength(1);
    expect(f.state.message(msg.id)?.data.pinned).toBe(true);
    const pins = await general.messages.fetchPins();
    expect(pins.items.map((p) => p.message.id)).toEqual([msg.id]);
    expect((await general.messages.fetch(msg.id)).content).toBe('Checklist (2/25 done)');
  });

  it('waits out a 429 with Retry-After 0.2 s and succeeds (2 requests recorded)', async () => {
    const [f, c, general] = await setup();
    f.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.2 });
    const limited: unknown[] = [];
    c.rest.on(RESTEvents.RateLimited, (info) => limited.push(info));
    const started = Date.now();
    await general.send('after the limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(f.callsTo('POST', '/channels/:id/messages').map((x) => x.status)).toEqual([429, 200]);
    expect(limited).toMatchObject([{ scope: 'user', route: '/channels/:id/messages' }]);
  });

  it('injects errors and latency', async () => {
    const [f, c] = await setup();
    f.failNext('GET /users/:id', { status: 500, code: 0 });
    await expect(c.users.fetch(IDS.bob, { force: true })).rejects.toMatchObject({ status: 500 });
    f.setLatency('GET /users/:id', 150);
    const started = Date.now();
    expect((await c.users.fetch(IDS.bob, { force: true })).username).toBe('bob');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('DMs, users and members', () => {
  it('delivers a DM, reuses the DM channel, and answers 50007 when DMs are closed', async () => {
    const [f, c] = await setup();
    const dm = await c.users.send(IDS.alice, 'You are incident commander');
    const dmChannel = f.state.dmChannels.get(IDS.alice) ?? '';
    expect(f.state.messagesIn(dmChannel).map((m) => m.data.content)).toEqual(['You are incident commander']);
    expect(dm.channelId).toBe(dmChannel);
    const again = await c.rest.post(Routes.userChannels(), { body: { recipient_id: IDS.alice } }) as { id: string };
    expect(again.id).toBe(dmChannel);
    await expect(c.users.send(IDS.carol, 'hi')).rejects.toMatchObject({ code: 50007, status: 403, message: 'Cannot send messages to this user' });
    f.closeDms(IDS.bob);
    await expect(c.users.send(IDS.bob, 'hi')).rejects.toMatchObject({ code: 50007 });
    await expect(c.rest.post(Routes.userChannels(), { body: { recipient_id: '1300000000000009999' } })).rejects.toMatchObject({ code: 10013 });
  });

  it('fetches members and users; unknown ones give 10007 / 10013; no token gives 401', async () => {
    const [f, c] = await setup();
    const guild = c.guilds.cache.get(IDS.guild);
    expect((await guild?.members.fetch(IDS.bob))?.user.username).toBe('bob');
    await expect(guild?.members.fetch('1300000000000009999')).rejects.toMatchObject({ code: 10007 });
    await expect(c.users.fetch('1300000000000009999')).rejects.toMatchObject({ code: 10013 });
    const res = await fetch(`${f.apiUrl}/v10/users/@me`);
    expect([res.status, await res.json()]).toEqual([401, { message: '401: Unauthorized', code: 0 }]);
  });
});
