// Wire-object builders, modelled on the recorded frames and docs samples in the research fixtures
// (READY / GUILD_CREATE from a real gateway capture; interactions from the docs' Interaction Structure).
import type {
  APIChannel, ApplicationFlags, GuildMemberFlags, GuildSystemChannelFlags, RoleFlags, UserFlags, APIGuildMember, APIMessage, APIRole, APIUser, GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData, Locale,
} from 'discord-api-types/v10';
import { modalSubmitProblem, type ModalEntry } from './limits.ts';
import {
  DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, P, snowflake,
  type FakeChannel, type FakeGuild, type FakeInteraction, type FakeMember, type FakeOverwrite,
  type FakeRole, type FakeState, type FakeUser,
} from './state.ts';

export const IDS = {
  app: '1300000000000000001', bot: '1300000000000000001', guild: '1300000000000000100',
  incidents: '1300000000000000200', general: '1300000000000000201', responders: '1300000000000000300',
  botRole: '1300000000000000301', alice: '1300000000000000400', bob: '1300000000000000401',
  carol: '1300000000000000402',
} as const;

export interface GuildSeed {
  id: string; name: string; ownerId: string; locale?: string; botRoleId?: string;
  everyonePermissions?: bigint; botPermissions?: bigint;
  roles?: { id: string; name: string; permissions: bigint }[];
  channels?: { id: string; name: string; type?: number; parentId?: string; topic?: string; overwrites?: FakeOverwrite[] }[];
  members?: { id: string; username: string; roles?: string[]; dmsClosed?: boolean }[];
}

/** One guild: category "Incidents", text channel "general", a "responders" role, alice (owner), bob, carol (DMs closed). */
export function defaultGuildSeed(): GuildSeed {
  return {
    id: IDS.guild, name: 'Crisis HQ', ownerId: IDS.alice,
    roles: [{ id: IDS.responders, name: 'responders', permissions: 0n }],
    channels: [
      { id: IDS.incidents, name: 'Incidents', type: 4 },
      { id: IDS.general, name: 'general', type: 0, topic: 'General chat' },
    ],
    members: [
      { id: IDS.alice, username: 'alice', roles: [IDS.responders] },
      { id: IDS.bob, username: 'bob' },
      { id: IDS.carol, username: 'carol', dmsClosed: true },
    ],
  };
}

export function seedState(state: FakeState, seeds: GuildSeed[], botName: string, joinedAt: string): void {
  state.users.set(state.botUserId, { id: state.botUserId, username: botName, bot: true, dmsClosed: true });
  for (const seed of seeds) {
    const botRoleId = seed.botRoleId ?? (seed.id === IDS.guild ? IDS.botRole : snowflake(Date.now()));
    const roles: FakeRole[] = [
      { id: seed.id, name: '@everyone', permissions: seed.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, position: 0 },
      ...(seed.roles ?? []).map((r, i) => ({ ...r, position: i + 1 })),
      { id: botRoleId, name: botName, permissions: seed.botPermissions ?? DEFAULT_BOT_PERMISSIONS, position: 99, botId: state.botUserId },
    ];
    const guild: FakeGuild = {
      id: seed.id, name: seed.name, ownerId: seed.ownerId, locale: seed.locale ?? 'en-US', features: [], joinedAt, roles,
      members: new Map([[state.botUserId, { userId: state.botUserId, roles: [botRoleId], joinedAt, nick: null }]]),
    };
    for (const m of seed.members ?? []) {
      state.users.set(m.id, { id: m.id, username: m.username, bot: false, dmsClosed: m.dmsClosed ?? false });
      guild.members.set(m.id, { userId: m.id, roles: m.roles ?? [], joinedAt, nick: null });
    }
    state.guilds.set(guild.id, guild);
    (seed.channels ?? []).forEach((c, i) => state.channels.set(c.id, {
      id: c.id, type: c.type ?? 0, guildId: seed.id, name: c.name, topic: c.topic ?? null, parentId: c.parentId ?? null,
      position: i, overwrites: c.overwrites ?? [], recipientId: null, lastMessageId: null, nsfw: false,
    }));
  }
}

export function userObject(u: FakeUser): APIUser {
  return { id: u.id, username: u.username, global_name: u.bot ? null : u.username, discriminator: u.bot ? '0001' : '0', avatar: null, public_flags: 0 as UserFlags, flags: 0 as UserFlags, ...(u.bot ? { bot: true } : {}) };
}

export function roleObject(r: FakeRole): APIRole {
  return {
    id: r.id, name: r.name, permissions: r.permissions.toString(), position: r.position, color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null,
    unicode_emoji: null, managed: r.botId !== undefined, mentionable: false, flags: 0 as RoleFlags, tags: r.botId ? { bot_id: r.botId } : {},
  };
}

export function memberObject(state: FakeState, m: FakeMember): APIGuildMember {
  const user = state.users.get(m.userId);
  if (!user) throw new Error(`fake discord: no user ${m.userId}`);
  return {
    user: userObject(user), roles: m.roles, joined_at: m.joinedAt, nick: m.nick, avatar: null, banner: null,
    premium_since: null, deaf: false, mute: false, flags: 0 as GuildMemberFlags, pending: false, communication_disabled_until: null,
  };
}

/** Channel object. GUILD_CREATE channels omit guild_id (as in the capture); REST/events include it. */
export function channelObject(state: FakeState, c: FakeChannel, withGuildId = true): APIChannel {
  if (c.type === 1) {
    const u = state.users.get(c.recipientId ?? '');
    return { id: c.id, type: 1, last_message_id: c.lastMessageId, flags: 0, recipients: u ? [userObject(u)] : [] } as unknown as APIChannel;
  }
  return {
    id: c.id, type: c.type, name: c.name, position: c.position, permission_overwrites: c.overwrites, flags: 0,
    parent_id: c.parentId, version: 0,
    ...(withGuildId ? { guild_id: c.guildId } : {}),
    ...(c.type === 4 ? {} : { topic: c.topic, nsfw: c.nsfw, rate_limit_per_user: 0, last_message_id: c.lastMessageId }),
  } as unknown as APIChannel;
}

export function readyPayload(state: FakeState, o: { sessionId: string; resumeUrl: string; appId: string; shard: [number, number] }): GatewayReadyDispatchData & Record<string, unknown> {
  const bot = state.users.get(state.botUserId);
  if (!bot) throw new Error('fake discord: bot user missing');
  return {
    v: 10, user_settings: {}, user: { ...userObject(bot), verified: true, mfa_enabled: true, email: null },
    session_type: 'normal', session_id: o.sessionId, resume_gateway_url: o.resumeUrl, relationships: [],
    private_channels: [], presences: [], guilds: [...state.guilds.keys()].map((id) => ({ id, unavailable: true })),
    guild_join_requests: [], geo_ordered_rtc_regions: ['rotterdam'], shard: o.shard,
    application: { id: o.appId, flags: 565248 as ApplicationFlags } as GatewayReadyDispatchData['application'],
  };
}

export function guildCreatePayload(state: FakeState, g: FakeGuild): GatewayGuildCreateDispatchData & Record<string, unknown> {
  const channels = state.channelsOf(g.id);
  return {
    id: g.id, name: g.name, icon: null, splash: null, discovery_splash: null, banner: null, description: null,
    owner_id: g.ownerId, region: 'deprecated', afk_channel_id: null, afk_timeout: 300, verification_level: 0,
    default_message_notifications: 0, explicit_content_filter: 0, mfa_level: 0, nsfw: false, nsfw_level: 0,
    premium_tier: 0, premium_subscription_count: 0, premium_progress_bar_enabled: false, max_members: 500000,
    max_video_channel_users: 25, max_stage_video_channel_users: 0, vanity_url_code: null, application_id: null,
    system_channel_id: channels.find((c) => c.type === 0)?.id ?? null, system_channel_flags: 0 as GuildSystemChannelFlags, rules_channel_id: null,
    public_updates_channel_id: null, safety_alerts_channel_id: null, preferred_locale: g.locale as Locale,
    features: [], hub_type: null, incidents_data: null, emojis: [], stickers: [], roles: g.roles.map(roleObject),
    // Extra GUILD_CREATE fields (Guild Create Extra Fields)
    joined_at: g.joinedAt, large: false, unavailable: false, member_count: g.members.size, lazy: true,
    voice_states: [], presences: [], threads: [], stage_instances: [], guild_scheduled_events: [],
    soundboard_sounds: [], embedded_activities: [], application_command_counts: {},
    members: [...g.members.values()].map((m) => memberObject(state, m)),
    channels: channels.map((c) => channelObject(state, c, false)) as GatewayGuildCreateDispatchData['channels'],
  };
}

/** Assigns the numeric component `id`s Discord generates when none are given. */
export function numberComponents(components: unknown): unknown {
  let n = 0;
  const walk = (c: unknown): unknown => {
    if (Array.isArray(c)) return c.map(walk);
    if (!c || typeof c !== 'object') return c;
    const o = c as Record<string, unknown>;
    const out: Record<string, unknown> = { ...o, id: o.id ?? ++n };
    if (o.components) out.components = walk(o.components);
    if (o.component) out.component = walk(o.component);
    return out;
  };
  return walk(components);
}

export interface MessageInput {
  content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number; tts?: boolean; nonce?: string | number;
}
export function messageObject(o: { id: string; channelId: string; author: FakeUser; body: MessageInput; at: number; type?: number; appId?: string; interaction?: FakeInteraction; interactionUser?: FakeUser }): APIMessage {
  const it = o.interaction;
  return {
    id: o.id, channel_id: o.channelId, author: userObject(o.author), content: o.body.content ?? '',
    timestamp: new Date(o.at).toISOString(), edited_timestamp: null, tts: o.body.tts ?? false,
    mention_everyone: false, mentions: [], mention_roles: [], attachments: [],
    embeds: (o.body.embeds ?? []).map((e) => ({ type: 'rich', ...(e as object) })) as APIMessage['embeds'],
    components: numberComponents(o.body.components ?? []) as APIMessage['components'],
    pinned: false, type: o.type ?? 0, flags: o.body.flags ?? 0,
    ...(it && o.appId ? {
      webhook_id: o.appId, application_id: o.appId,
      interaction_metadata: { id: it.id, type: it.type, user: userObject(o.interactionUser ?? o.author), authorizing_integration_owners: { 0: it.guildId ?? '0' } },
    } as Partial<APIMessage> : {}),
  };
}

// ---- Interactions -------------------------------------------------------------------------------

interface Common { guildId?: string; channelId?: string; userId?: string; locale?: string }
export type InteractionSpec =
  | (Common & { kind: 'slash'; command?: string; subcommand?: string; options?: Record<string, string | number | boolean> })
  | (Common & { kind: 'button'; messageId: string; customId: string })
  /**
   * A modal submit: `fields` by custom_id, a string for text typed into a text input, an array for
   * the values chosen in a string select (Label form only). Checked against the modal last shown to the person.
   */
  | (Common & { kind: 'modal'; customId: string; fields: Record<string, ModalEntry>; form?: 'label' | 'actionRow'; messageId?: string });

type Opt = { name: string; type: number; options?: Opt[] };
function optionType(def: Opt[] | undefined, name: string, v: string | number | boolean): number {
  const known = def?.find((o) => o.name === name)?.type;
  if (known) return known;
  return typeof v === 'boolean' ? 5 : typeof v === 'number' ? (Number.isInteger(v) ? 4 : 10) : 3;
}

/** The modal this submission answers: the last one shown to `userId` with that custom_id (Discord's client submits only what it showed). */
function shownModal(state: FakeState, userId: string, customId: string): Record<string, unknown> | undefined {
  const shown = [...state.interactions.values()].filter((i) => i.userId === userId && i.response?.type === 9 && (i.response.data as { custom_id?: string }).custom_id === customId);
  return shown.at(-1)?.response?.data as Record<string, unknown> | undefined;
}

/** DM permissions Discord reports for the app in a DM with its bot user. */
const DM_APP_PERMISSIONS = (P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory | P.AttachFiles).toString();

/**
 * Builds an INTERACTION_CREATE payload with every field the docs' Interaction Structure marks required.
 * In a guild channel the person must be a member who can see it; in the bot's DM (a click on a
 * message the bot sent there) only its recipient can act, and the payload has `user`, no guild and no member.
 */
export function buildInteraction(state: FakeState, appId: string, spec: InteractionSpec, now: number): { record: FakeInteraction; payload: Record<string, unknown> } {
  const message = 'messageId' in spec && spec.messageId ? state.message(spec.messageId) : undefined;
  if ('messageId' in spec && spec.messageId && !message) throw new Error(`fake discord: no message ${spec.messageId}`);
  const dm = [spec.channelId, message?.channelId].map((id) => (id ? state.channels.get(id) : undefined)).find((c) => c?.type === 1);
  const guildId = dm ? null : spec.guildId ?? (message ? state.channels.get(message.channelId)?.guildId : null) ?? [...state.guilds.keys()][0];
  const guild = guildId ? state.guilds.get(guildId) : undefined;
  if (!dm && !guild) throw new Error('fake discord: interaction needs a guild');
  const channelId = dm?.id ?? spec.channelId ?? message?.channelId ?? state.channelsOf(guild!.id).find((c) => c.type === 0)?.id;
  const channel = channelId ? state.channels.get(channelId) : undefined;
  if (!channel) throw new Error(`fake discord: no channel ${channelId}`);
  if (dm && spec.kind === 'slash') throw new Error('fake discord: the command is registered for guilds only (contexts [0]); it cannot run in a DM');
  const userId = spec.userId ?? dm?.recipientId ?? guild!.ownerId;
  const user = state.users.get(userId);
  const member = guild?.members.get(userId);
  if (dm && userId !== dm.recipientId) throw new Error(`fake discord: only ${dm.recipientId} can act in their DM with the bot, not ${userId}`);
  if (!dm && !member) throw new Error(`fake discord: user ${userId} is not a member of ${guild!.id}`);
  if (!user) throw new Error(`fake discord: no user ${userId}`);
  if (!dm && !(state.channelPermissions(channel.id, userId) & P.ViewChannel)) throw new Error(`fake discord: ${userId} cannot see channel ${channel.id}, so cannot interact there`);
  const locale = spec.locale ?? 'en-US';
  const id = snowflake(now);
  const token = `aW50ZXJhY3Rpb246${id}:${Buffer.from(`${id}:${Math.random()}`).toString('base64url')}`;

  let type: 2 | 3 | 5, data: Record<string, unknown>;
  if (spec.kind === 'slash') {
    type = 2;
    const name = spec.command ?? 'crisis';
    const cmd = (state.guildCommands.get(guild!.id) ?? []).concat(state.globalCommands).find((c) => c.name === name);
    const defs = cmd?.options as Opt[] | undefined;
    const subDef = spec.subcommand ? defs?.find((o) => o.name === spec.subcommand)?.options : defs;
    const opts = Object.entries(spec.options ?? {}).map(([n, value]) => ({ name: n, type: optionType(subDef, n, value), value }));
    data = {
      id: cmd?.id ?? snowflake(now), name, type: 1, ...(cmd?.guild_id ? { guild_id: cmd.guild_id } : {}),
      options: spec.subcommand ? [{ name: spec.subcommand, type: 1, options: opts }] : opts,
    };
  } else if (spec.kind === 'button') {
    type = 3;
    const find = (cs: unknown): Record<string, unknown> | undefined => {
      for (const c of (cs ?? []) as Record<string, unknown>[]) {
        if (c.custom_id === spec.customId) return c;
        const inner = find(c.components);
        if (inner) return inner;
      }
      return undefined;
    };
    const button = find(message?.data.components);
    if (!button) throw new Error(`fake discord: message ${spec.messageId} has no component ${spec.customId}`);
    data = { custom_id: spec.customId, component_type: 2, id: button.id };
  } else {
    type = 5;
    const modal = shownModal(state, userId, spec.customId);
    if (modal) {
      const refused = modalSubmitProblem(modal, spec.fields);
      if (refused) throw new Error(`fake discord: Discord's client would not submit modal ${spec.customId}: ${refused}`);
    }
    let n = 0;
    const components = Object.entries(spec.fields).map(([custom_id, entry]) => {
      // As the docs' Label samples show a submit: a text input carries `value`, a string select `values`.
      const input = typeof entry === 'string' ? { type: 4, id: 0, custom_id, value: entry } : { type: 3, id: 0, custom_id, values: [...entry] };
      if (spec.form === 'actionRow') {
        if (input.type !== 4) throw new Error(`fake discord: a select (${custom_id}) sits in a Label in a modal, never in an action row`);
        return { type: 1, id: ++n, components: [{ ...input, id: ++n }] };
      }
      return { type: 18, id: ++n, component: { ...input, id: ++n } };
    });
    data = { custom_id: spec.customId, components };
  }
  const where: Record<string, unknown> = guild
    ? (() => {
      const perms = state.channelPermissions(channel.id, userId);
      return {
        guild_id: guild.id, guild: { id: guild.id, locale: guild.locale, features: guild.features },
        channel: { ...channelObject(state, channel), permission_overwrites: undefined, permissions: perms.toString() },
        member: { ...memberObject(state, member!), permissions: perms.toString() },
        app_permissions: state.channelPermissions(channel.id, state.botUserId).toString(),
        guild_locale: guild.locale, authorizing_integration_owners: { 0: guild.id }, context: 0,
      };
    })()
    // A guild-installed app used in its bot's DM: the owner of the guild installation reads "0".
    : { channel: channelObject(state, channel), user: userObject(user), app_permissions: DM_APP_PERMISSIONS, authorizing_integration_owners: { 0: '0' }, context: 1 };
  const payload: Record<string, unknown> = {
    id, application_id: appId, type, data, token, version: 1,
    ...where, channel_id: channel.id,
    locale, entitlements: [], attachment_size_limit: 10 * 1024 * 1024,
    ...(message ? { message: message.data } : {}),
  };
  const record: FakeInteraction = {
    id, token, type, guildId: guild?.id ?? null, channelId: channel.id, userId, dispatchedAt: now,
    messageId: message?.data.id ?? null, payload, response: null, attempts: [], originalMessageId: null, followupIds: [],
  };
  return { record, payload };
}
