// REST handlers under /api/v10. Each returns {status, body}; errors use Discord's {message, code, errors?} shape.
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { E, isEmptyMessage, validateChannel, validateCommands, validateMessage, validateModal } from './limits.ts';
import { channelObject, memberObject, userObject } from './payloads.ts';
import { Fail, channelOr404, fail, messageOr404, noContent, ok, requirePerms, type Ctx, type Obj, type Result, type Route } from './rest-common.ts';
import { createMessage, editMessage, messageRoutes } from './rest-messages.ts';
import { P, snowflake, type FakeChannel, type FakeInteraction, type FakeMessage, type FakeOverwrite } from './state.ts';

const INTERACTION_WINDOW_MS = 3000;
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

function botCanGrant(ctx: Ctx, guildId: string, overwrites: FakeOverwrite[]): void {
  const perms = ctx.state.guildPermissions(guildId, ctx.state.botUserId);
  for (const o of overwrites) {
    const bits = BigInt(o.allow ?? '0') | BigInt(o.deny ?? '0');
    if ((bits & perms) !== bits) fail(E.missingPermissions());
    if (bits & P.ManageRoles && !(perms & P.Administrator)) fail(E.missingPermissions());
  }
}
const normOverwrites = (v: unknown): FakeOverwrite[] => ((v ?? []) as Obj[]).map((o) => ({
  id: String(o.id), type: Number(o.type) as 0 | 1, allow: String(o.allow ?? '0'), deny: String(o.deny ?? '0'),
}));

function setPinned(ctx: Ctx, pinned: boolean): Result {
  const c = channelOr404(ctx);
  requirePerms(ctx, c, 0n, P.PinMessages | P.ManageMessages);
  const m = messageOr404(ctx, c);
  if (pinned && !m.data.pinned) {
    if (ctx.state.messagesIn(c.id).filter((x) => x.data.pinned).length >= 50) fail(E.maxPins());
    m.pinnedAt = new Date(ctx.now()).toISOString();
    createMessage(ctx, c, { content: '', message_reference: { type: 0, message_id: m.data.id, channel_id: c.id, ...(c.guildId ? { guild_id: c.guildId } : {}) } }, { type: 6 });
  }
  if (!pinned) m.pinnedAt = null;
  m.data = { ...m.data, pinned };
  ctx.dispatch('CHANNEL_PINS_UPDATE', { ...(c.guildId ? { guild_id: c.guildId } : {}), channel_id: c.id, last_pin_timestamp: m.pinnedAt });
  return noContent;
}
const pinned = (ctx: Ctx): FakeMessage[] => {
  const c = channelOr404(ctx);
  requirePerms(ctx, c, P.ReadMessageHistory);
  return ctx.state.messagesIn(c.id).filter((m) => m.data.pinned).reverse();
};

function commandsRoute(ctx: Ctx, write: boolean): Result {
  const { state, params } = ctx;
  if (params.app !== ctx.appId) fail(E.missingAccess());
  if (params.guild && !state.guilds.has(params.guild)) fail(E.missingAccess());
  const existing = params.guild ? state.guildCommands.get(params.guild) ?? [] : state.globalCommands;
  if (!write) return ok(existing);
  fail(validateCommands(ctx.body));
  const next = (ctx.body as unknown as Obj[]).map((c) => {
    const type = Number(c.type ?? 1);
    const prev = existing.find((e) => e.name === c.name && e.type === type);
    return {
      id: prev?.id ?? snowflake(ctx.now()), application_id: ctx.appId, version: snowflake(ctx.now()), type,
      name: c.name, name_localizations: c.name_localizations ?? null, description: c.description ?? '',
      description_localizations: c.description_localizations ?? null, default_member_permissions: c.default_member_permissions ?? null,
      nsfw: c.nsfw ?? false, integration_types: c.integration_types ?? [0], contexts: c.contexts ?? null,
      ...(params.guild ? { guild_id: params.guild } : { dm_permission: c.dm_permission ?? true }),
      ...(c.options ? { options: c.options } : {}),
    } as unknown as APIApplicationCommand;
  });
  if (params.guild) state.guildCommands.set(params.guild, next); else state.globalCommands = next;
  return ok(next);
}

function interactionCallback(ctx: Ctx): Result {
  const { state, params, body } = ctx;
  const it = state.interactions.get(params.interaction ?? '');
  if (!it || it.token !== params.token) fail(E.unknownInteraction());
  const interaction = it as FakeInteraction;
  const type = Number(body.type);
  const data = (body.data ?? {}) as Obj;
  const attempt = { type, data, at: ctx.now(), status: 0 };
  interaction.attempts.push(attempt);
  const check = (): Result => {
    if (interaction.response) fail(E.alreadyAcked());
    if (ctx.now() - interaction.dispatchedAt > INTERACTION_WINDOW_MS) fail(E.unknownInteraction());
    const allowed = interaction.type === 2 ? [4, 5, 9] : interaction.type === 3 ? [4, 5, 6, 7, 9] : interaction.messageId ? [4, 5, 6, 7] : [4, 5];
    if (!allowed.includes(type)) fail({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Interaction response type is invalid for this interaction type' }] } } } });
    const channel = channelOr404(ctx, interaction.channelId);
    let message: FakeMessage | undefined;
    if (type === 4) {
      fail(validateMessage(data, ['data']));
      if (isEmptyMessage(data)) fail(E.emptyMessage());
      message = createMessage(ctx, channel, data, { type: interaction.type === 2 ? 20 : 19, interaction });
    } else if (type === 5) {
      message = createMessage(ctx, channel, { content: '', flags: (Number(data.flags ?? 0) & 64) | 128 }, { type: interaction.type === 2 ? 20 : 19, interaction });
    } else if (type === 6 || type === 7) {
      message = state.messages.get(interaction.messageId ?? '');
      if (type === 7 && message) editMessage(ctx, message, data, ['data']);
    } else if (type === 9) fail(validateModal(data));
    interaction.originalMessageId = message?.data.id ?? null;
    interaction.response = attempt;
    if (ctx.query.get('with_response') !== 'true') return noContent;
    return ok({
      interaction: {
        id: interaction.id, type: interaction.type, response_message_id: message?.data.id,
        response_message_loading: type === 5, response_message_ephemeral: message?.ephemeral ?? false,
      },
      resource: { type, ...(message && type !== 6 ? { message: message.data } : {}) },
    });
  };
  try {
    const r = check();
    attempt.status = r.status;
    return r;
  } catch (e) {
    if (e instanceof Fail) attempt.status = e.error.status;
    throw e;
  }
}

function webhookInteraction(ctx: Ctx): FakeInteraction {
  const it = [...ctx.state.interactions.values()].find((i) => i.token === ctx.params.token);
  if (!it || ctx.params.app !== ctx.appId) throw new Fail(E.unknownWebhook());
  if (ctx.now() - it.dispatchedAt > TOKEN_LIFETIME_MS) fail(E.invalidWebhookToken());
  return it;
}
function webhookMessage(ctx: Ctx): FakeMessage {
  const it = webhookInteraction(ctx);
  const id = ctx.params.message === '@original' ? it.originalMessageId : ctx.params.message;
  const m = id ? ctx.state.messages.get(id) : undefined;
  if (!m || (m.data.id !== it.originalMessageId && !it.followupIds.includes(m.data.id))) throw new Fail(E.unknownMessage());
  return m;
}

export const routes: Route[] = [
  { method: 'GET', pattern: '/gateway/bot', auth: true, handler: (ctx) => ok({
    url: ctx.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14400000, max_concurrency: 1 } }) },
  { method: 'GET', pattern: '/users/@me', auth: true, handler: (ctx) => {
    const bot = ctx.state.users.get(ctx.state.botUserId);
    return ok(bot && { ...userObject(bot), verified: true, mfa_enabled: true, email: null, locale: 'en-US' });
  } },
  { method: 'GET', pattern: '/applications/@me', auth: true, handler: (ctx) => {
    const bot = ctx.state.users.get(ctx.state.botUserId);
    return ok({ id: ctx.appId, name: bot?.username, icon: null, description: '', bot_public: true, bot_require_code_grant: false,
      verify_key: '0'.repeat(64), flags: 565248, team: null, bot: bot && userObject(bot), summary: '', type: null });
  } },
  { method: 'GET', pattern: '/applications/:app/commands', auth: true, handler: (ctx) => commandsRoute(ctx, false) },
  { method: 'PUT', pattern: '/applications/:app/commands', auth: true, handler: (ctx) => commandsRoute(ctx, true) },
  { method: 'GET', pattern: '/applications/:app/guilds/:guild/commands', auth: true, handler: (ctx) => commandsRoute(ctx, false) },
  { method: 'PUT', pattern: '/applications/:app/guilds/:guild/commands', auth: true, handler: (ctx) => commandsRoute(ctx, true) },
  { method: 'POST', pattern: '/interactions/:interaction/:token/callback', auth: false, handler: interactionCallback },
  { method: 'PATCH', pattern: '/webhooks/:app/:token/messages/:message', auth: false, handler: (ctx) => ok(editMessage(ctx, webhookMessage(ctx), ctx.body).data) },
  { method: 'POST', pattern: '/webhooks/:app/:token', auth: false, handler: (ctx) => {
    const it = webhookInteraction(ctx);
    if (!it.response) fail(E.unknownWebhook());
    fail(validateMessage(ctx.body));
    if (isEmptyMessage(ctx.body)) fail(E.emptyMessage());
    const m = createMessage(ctx, channelOr404(ctx, it.channelId), ctx.body, { type: 0, interaction: it });
    it.followupIds.push(m.data.id);
    return ok(m.data);
  } },
  { method: 'GET', pattern: '/guilds/:guild/channels', auth: true, handler: (ctx) => {
    if (!ctx.state.guilds.has(ctx.params.guild ?? '')) fail(E.unknownGuild());
    return ok(ctx.state.channelsOf(ctx.params.guild ?? '').map((c) => channelObject(ctx.state, c)));
  } },
  { method: 'POST', pattern: '/guilds/:guild/channels', auth: true, handler: (ctx) => {
    const { state, body } = ctx;
    const guildId = ctx.params.guild ?? '';
    if (!state.guilds.has(guildId)) fail(E.unknownGuild());
    if (!(state.guildPermissions(guildId, state.botUserId) & P.ManageChannels)) fail(E.missingPermissions());
    fail(validateChannel(body, false));
    const overwrites = normOverwrites(body.permission_overwrites);
    botCanGrant(ctx, guildId, overwrites);
    const parent = body.parent_id ? state.channels.get(String(body.parent_id)) : undefined;
    if (body.parent_id && (parent?.type !== 4 || parent.guildId !== guildId))
      fail({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { parent_id: { _errors: [{ code: 'CHANNEL_PARENT_INVALID', message: 'Category does not exist' }] } } } });
    const c: FakeChannel = {
      id: snowflake(ctx.now()), type: Number(body.type ?? 0), guildId, name: String(body.name), topic: (body.topic as string | undefined) ?? null,
      parentId: parent?.id ?? null, position: Number(body.position ?? state.channelsOf(guildId).length), overwrites,
      recipientId: null, lastMessageId: null, nsfw: Boolean(body.nsfw),
    };
    state.channels.set(c.id, c);
    ctx.dispatch('CHANNEL_CREATE', channelObject(state, c));
    return ok(channelObject(state, c), 201);
  } },
  { method: 'GET', pattern: '/channels/:channel', auth: true, handler: (ctx) => {
    const c = channelOr404(ctx);
    requirePerms(ctx, c, 0n);
    return ok(channelObject(ctx.state, c));
  } },
  { method: 'PATCH', pattern: '/channels/:channel', auth: true, handler: (ctx) => {
    const c = channelOr404(ctx), b = ctx.body;
    requirePerms(ctx, c, P.ManageChannels | (b.permission_overwrites ? P.ManageRoles : 0n));
    fail(validateChannel(b, true));
    if (b.permission_overwrites) botCanGrant(ctx, c.guildId ?? '', normOverwrites(b.permission_overwrites));
    if (b.name !== undefined) c.name = String(b.name);
    if (b.topic !== undefined) c.topic = b.topic as string | null;
    if (b.parent_id !== undefined) c.parentId = b.parent_id as string | null;
    if (b.position !== undefined) c.position = Number(b.position);
    if (b.permission_overwrites) c.overwrites = normOverwrites(b.permission_overwrites);
    ctx.dispatch('CHANNEL_UPDATE', channelObject(ctx.state, c));
    return ok(channelObject(ctx.state, c));
  } },
  { method: 'DELETE', pattern: '/channels/:channel', auth: true, handler: (ctx) => {
    const c = channelOr404(ctx);
    requirePerms(ctx, c, P.ManageChannels);
    ctx.state.channels.delete(c.id);
    for (const m of ctx.state.messagesIn(c.id)) ctx.state.messages.delete(m.data.id);
    ctx.dispatch('CHANNEL_DELETE', channelObject(ctx.state, c));
    return ok(channelObject(ctx.state, c));
  } },
  { method: 'PUT', pattern: '/channels/:channel/permissions/:overwrite', auth: true, handler: (ctx) => {
    const c = channelOr404(ctx);
    requirePerms(ctx, c, P.ManageRoles);
    const [o] = normOverwrites([{ ...ctx.body, id: ctx.params.overwrite }]) as [FakeOverwrite];
    if (o.type !== 0 && o.type !== 1) fail({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {0, 1}.' }] } } } });
    botCanGrant(ctx, c.guildId ?? '', [o]);
    c.overwrites = [...c.overwrites.filter((x) => x.id !== o.id), o];
    ctx.dispatch('CHANNEL_UPDATE', channelObject(ctx.state, c));
    return noContent;
  } },
  { method: 'DELETE', pattern: '/channels/:channel/permissions/:overwrite', auth: true, handler: (ctx) => {
    const c = channelOr404(ctx);
    requirePerms(ctx, c, P.ManageRoles);
    c.overwrites = c.overwrites.filter((x) => x.id !== ctx.params.overwrite);
    ctx.dispatch('CHANNEL_UPDATE', channelObject(ctx.state, c));
    return noContent;
  } },
  { method: 'GET', pattern: '/channels/:channel/messages/pins', auth: true, handler: (ctx) => ok({
    items: pinned(ctx).map((m) => ({ pinned_at: m.pinnedAt, message: m.data })), has_more: false }) },
  { method: 'GET', pattern: '/channels/:channel/pins', auth: true, handler: (ctx) => ok(pinned(ctx).map((m) => m.data)) },
  { method: 'PUT', pattern: '/channels/:channel/messages/pins/:message', auth: true, handler: (ctx) => setPinned(ctx, true) },
  { method: 'DELETE', pattern: '/channels/:channel/messages/pins/:message', auth: true, handler: (ctx) => setPinned(ctx, false) },
  { method: 'PUT', pattern: '/channels/:channel/pins/:message', auth: true, handler: (ctx) => setPinned(ctx, true) },
  { method: 'DELETE', pattern: '/channels/:channel/pins/:message', auth: true, handler: (ctx) => setPinned(ctx, false) },
  // After the pins routes: `/messages/pins` is not a message id.
  ...messageRoutes,
  { method: 'POST', pattern: '/users/@me/channels', auth: true, handler: (ctx) => {
    const { state } = ctx;
    const userId = String(ctx.body.recipient_id ?? '');
    if (!state.users.has(userId)) fail(E.unknownUser());
    let id = state.dmChannels.get(userId);
    if (!id) {
      id = snowflake(ctx.now());
      state.dmChannels.set(userId, id);
      state.channels.set(id, { id, type: 1, guildId: null, name: '', topic: null, parentId: null, position: 0, overwrites: [], recipientId: userId, lastMessageId: null, nsfw: false });
    }
    return ok(channelObject(state, channelOr404(ctx, id)));
  } },
  { method: 'GET', pattern: '/users/:user', auth: true, handler: (ctx) => {
    const u = ctx.state.users.get(ctx.params.user ?? '');
    if (!u) fail(E.unknownUser());
    return ok(u && userObject(u));
  } },
  { method: 'GET', pattern: '/guilds/:guild/members/:user', auth: true, handler: (ctx) => {
    const g = ctx.state.guilds.get(ctx.params.guild ?? '');
    if (!g) fail(E.unknownGuild());
    const m = g?.members.get(ctx.params.user ?? '');
    if (!m) fail(E.unknownMember());
    return ok(m && memberObject(ctx.state, m));
  } },
];

export { Fail };
export type { Ctx, Result, Route };
