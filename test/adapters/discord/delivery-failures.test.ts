import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { PlatformRefusal } from '../../../adapters/port.ts';
import { t } from '../../../src/i18n/index.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { DEFAULT_BOT_PERMISSIONS, IDS, P, defaultGuildSeed } from '../../fakes/discord/index.ts';
import { guildWithRoster, raiseIncident, textOf, unescape, type World, useWorlds } from './support.ts';

const openWorld = useWorlds();

const KEY = 'INC-20261128-001';
const FIRE = { title: 'Warehouse fire', type: 'safety-accident', people_affected: '3' };

/** The body text of every ephemeral follow-up sent with this token. */
const followUps = (w: World, token: string) =>
  w.fake.callsTo('POST', `/webhooks/${w.fake.applicationId}/${token}`).map((c) => c.body as { content?: string; flags?: number });

async function botCan(w: World, can: boolean) {
  await vi.waitFor(() => expect(w.discord.client.guilds.cache.get(IDS.guild)?.members.me?.permissions.has(PermissionFlagsBits.ManageChannels)).toBe(can));
}

describe('Discord: war-room delivery when Discord pushes back', () => {
  it('429 with Retry-After on channel creation: waited out and retried once, posts still in order', async () => {
    const seed = guildWithRoster(defaultGuildSeed());
    // An existing "Crisis" category (reused by name), so the first channel creation is the war room itself.
    seed.channels = [...(seed.channels ?? []), { id: '1300000000000000250', name: 'Crisis', type: 4 }];
    const w = await openWorld('ratelimit', { guilds: [seed] });
    w.fake.failNext('POST /guilds/:guild/channels', { status: 429, retryAfter: 0.3 });
    w.fake.failNext('POST /channels/:channel/messages', { status: 429, retryAfter: 0.2 });

    await raiseIncident(w, FIRE);

    const creates = w.fake.callsTo('POST', '/guilds/:guild/channels');
    expect(creates.map((c) => c.status)).toEqual([429, 201]);
    expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(290);
    expect((creates[1]!.body as { parent_id: string }).parent_id).toBe('1300000000000000250');
    const incident = (await findIncident(w.db, KEY))!;
    const room = incident.room!.id;

    // Every message posted once; the rate-limited one went out again before anything queued behind it.
    const posts = w.fake.callsTo('POST', `/channels/${room}/messages`);
    expect(posts.map((c) => c.status)).toEqual([429, ...posts.slice(1).map(() => 200)]);
    expect(posts[1]!.body).toEqual(posts[0]!.body);
    const shown = w.fake.state.messagesIn(room).filter((m) => m.data.type === 0).map((m) => m.data.id);
    expect(shown).toHaveLength(posts.length - 1);
    const summary = shown.indexOf(incident.summaryMessage!.id);
    const checklist = incident.checklistMessages!.map((r) => shown.indexOf(r.id));
    expect([summary, ...checklist].every((i) => i >= 0)).toBe(true);
    expect(checklist).toEqual([...checklist].sort((a, b) => a - b));
    expect(w.fake.state.message(incident.summaryMessage!.id)?.data.pinned).toBe(true);
    // The confirmation comes after the room is complete.
    const confirmedAt = w.fake.callsTo('POST', `/webhooks/:app/:token`).at(-1)!.at;
    expect(Math.max(...posts.map((c) => c.at))).toBeLessThanOrEqual(confirmedAt);
    expect(await w.db.m.Outbox.countDocuments({ incidentKey: KEY })).toBe(0);
  });

  it('without Manage Channels: the incident is recorded, the reporter is told which permission, the room appears once it is granted', async () => {
    const w = await openWorld('permission');
    w.fake.setBotPermissions(IDS.guild, DEFAULT_BOT_PERMISSIONS & ~P.ManageChannels);
    await botCan(w, false);

    const done = await raiseIncident(w, FIRE);
    const incident = await findIncident(w.db, KEY);
    expect(incident).toMatchObject({ workspace: IDS.guild, reporter: { id: IDS.alice } });
    expect(incident?.room?.id).toBeUndefined();
    // No doomed request: the bot knew from its cached permissions (403s count towards Discord's invalid-request limit).
    expect(w.fake.callsTo('POST', '/guilds/:guild/channels')).toHaveLength(0);
    const open = await w.db.m.Outbox.findOne({ _id: `${KEY}:open-room` }).lean();
    expect(open).toMatchObject({ status: 'pending', lastError: expect.stringContaining('Manage Channels') });

    const notices = followUps(w, done.token);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.flags).toBe(64);
    const notice = unescape(String(notices[0]!.content));
    expect(notice).toContain(t('en', 'raise.pending', { key: KEY, platform: 'discord' }));
    expect(notice).toContain(t('en', 'discord.missingPermission', { permissions: 'Manage Channels', bot: 'crisis-bot' }));

    // An admin grants it; the next delivery attempt opens the room, and the reporter hears it is ready.
    w.fake.setBotPermissions(IDS.guild, DEFAULT_BOT_PERMISSIONS);
    await botCan(w, true);
    w.clock.advance(5 * 60_000);
    await w.discord.dispatcher.drain();

    const room = (await findIncident(w.db, KEY))?.room;
    expect(room?.name).toBe('inc-20261128-001-warehouse-fire');
    expect(w.fake.callsTo('POST', '/guilds/:guild/channels').map((c) => c.status)).toEqual([201, 201]);
    expect((await readTimeline(w.db, KEY)).map((e) => e.type)).toContain('room.opened');
    const after = followUps(w, done.token);
    expect(after).toHaveLength(2);
    expect(unescape(String(after[1]!.content))).toContain(t('en', 'raise.ready', { key: KEY }));
    expect(String(after[1]!.content)).toContain(`<#${room!.id}>`);
    expect(w.discord.port.lackingIn(IDS.guild)).toEqual([]);
  });

  it('a 50013 the cached permissions did not predict is retried too, and named', async () => {
    const w = await openWorld('forbidden');
    w.fake.failNext('POST /guilds/:guild/channels', { status: 403, code: 50013, message: 'Missing Permissions' });
    const done = await raiseIncident(w, FIRE);
    expect(await w.db.m.Outbox.findOne({ _id: `${KEY}:open-room` }).lean()).toMatchObject({ status: 'pending', lastError: expect.stringContaining('Manage Channels') });
    expect(unescape(String(followUps(w, done.token)[0]?.content))).toContain('Manage Channels');
    w.clock.advance(5 * 60_000);
    await w.discord.dispatcher.drain();
    expect((await findIncident(w.db, KEY))?.room?.name).toBe('inc-20261128-001-warehouse-fire');
    expect(textOf(w.fake.state.message(w.fake.state.interactions.get(done.id)!.originalMessageId!)!)).toContain(KEY.replace(/-/g, '\\-'));
  });
});

describe('Discord: private messages', () => {
  it('a person with DMs closed is a refusal (not retried); an expired reply token falls back to a DM', async () => {
    const w = await openWorld('dms');
    const notice = { blocks: [{ kind: 'text' as const, text: ['War room ready @everyone'] }] };
    await expect(w.discord.port.dm(IDS.carol, notice)).rejects.toMatchObject({ code: 'dm_closed' });
    await expect(w.discord.port.dm(IDS.carol, notice)).rejects.toBeInstanceOf(PlatformRefusal);

    await w.discord.port.tell({ user: IDS.bob, room: IDS.general, token: 'expired-or-unknown-token' }, notice);
    expect(w.fake.callsTo('POST', '/webhooks/:app/:token').map((c) => c.status)).toEqual([404]);
    const dm = w.fake.state.dmChannels.get(IDS.bob)!;
    const [message] = w.fake.state.messagesIn(dm);
    expect(message?.data.content).toBe('War room ready \\@everyone');
    expect(message?.pings).toEqual({ everyone: false, roles: [], users: [] });
  });
});
