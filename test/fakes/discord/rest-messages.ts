// Messages in channels: creating (with the nonce Discord checks when asked to), editing, reading one
// or a page of the latest. What Discord keeps of a message and what it only echoes differ: the
// nonce comes back in the creation's answer and MESSAGE_CREATE, never when messages are fetched.
import type { APIMessage } from 'discord-api-types/v10';
import { E, isEmptyMessage, validateMessage } from './limits.ts';
import { pingsOf, type Pings } from './mentions.ts';
import { messageObject, numberComponents, userObject, type MessageInput } from './payloads.ts';
import { channelOr404, fail, messageOr404, ok, requirePerms, type Ctx, type FakeFile, type Obj, type Result, type Route } from './rest-common.ts';
import { attachmentsOf } from './uploads.ts';
import { P, snowflake, type FakeChannel, type FakeInteraction, type FakeMessage } from './state.ts';

/** DAD resources/message.mdx: a nonce is an integer or a string of up to 25 characters. */
const NONCE_MAX = 25;
/**
 * With enforce_nonce, a nonce "will be checked for uniqueness in the past few minutes; if another
 * message was created by the same author with the same nonce, that message will be returned".
 * [guess: "a few minutes" is not stated more precisely; the fake uses 5.]
 */
export const NONCE_WINDOW_MS = 5 * 60_000;

/** The creation's answer: the message with its nonce. */
const created = (m: FakeMessage): APIMessage => ({ ...m.data, ...(m.nonce !== undefined ? { nonce: m.nonce } : {}) });

function sameNonce(ctx: Ctx, c: FakeChannel, nonce: string | number): FakeMessage | undefined {
  return ctx.state.messagesIn(c.id).find((m) => m.nonce === nonce && m.data.author.id === ctx.state.botUserId && ctx.now() - m.at <= NONCE_WINDOW_MS);
}

function dispatchMessage(ctx: Ctx, t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', m: FakeMessage): void {
  if (m.ephemeral) return;
  const guildId = ctx.state.channels.get(m.channelId)?.guildId;
  const member = guildId ? ctx.state.guilds.get(guildId)?.members.get(m.data.author.id) : undefined;
  // The nonce goes out with the creation only, as on Discord: it is not part of the stored message.
  const nonce = t === 'MESSAGE_CREATE' && m.nonce !== undefined ? { nonce: m.nonce } : {};
  ctx.dispatch(t, { ...m.data, ...nonce, ...(guildId ? { guild_id: guildId } : {}),
    ...(member ? { member: { roles: member.roles, joined_at: member.joinedAt, nick: member.nick, deaf: false, mute: false, flags: 0 } } : {}) });
}

export function createMessage(ctx: Ctx, c: FakeChannel, body: Obj, o: { type?: number; interaction?: FakeInteraction; files?: FakeFile[] } = {}): FakeMessage {
  const { state } = ctx;
  const author = state.users.get(state.botUserId);
  if (!author) throw new Error('bot user missing');
  const it = o.interaction;
  const data = messageObject({
    id: snowflake(ctx.now()), channelId: c.id, author, body: body as MessageInput, at: ctx.now(), type: o.type,
    appId: ctx.appId, interaction: it, interactionUser: it ? state.users.get(it.userId) : undefined,
  });
  if (body.message_reference) data.message_reference = body.message_reference as APIMessage['message_reference'];
  const pings = pingsOf(state, c.id, state.botUserId, body.content, body.allowed_mentions as Obj | undefined);
  applyPings(ctx, data, pings);
  const uploaded = o.files?.length
    ? attachmentsOf(body, o.files, () => snowflake(ctx.now()), (id, name) => `https://cdn.discordapp.com/attachments/${c.id}/${id}/${encodeURIComponent(name)}`)
    : undefined;
  if (uploaded) data.attachments = uploaded.attachments;
  const m: FakeMessage = {
    data, channelId: c.id, ephemeral: ((data.flags ?? 0) & 64) !== 0, allowedMentions: body.allowed_mentions,
    pinnedAt: null, interactionId: it?.id ?? null, pings, at: ctx.now(),
    ...(body.nonce !== undefined && body.nonce !== null ? { nonce: body.nonce as string | number } : {}),
    ...(uploaded ? { files: uploaded.bytes } : {}),
  };
  state.messages.set(data.id, m);
  if (!m.ephemeral) c.lastMessageId = data.id;
  dispatchMessage(ctx, 'MESSAGE_CREATE', m);
  return m;
}

/** The mention fields of the message object, as Discord fills them from what actually notified. */
function applyPings(ctx: Ctx, data: APIMessage, pings: Pings): void {
  data.mention_everyone = pings.everyone;
  data.mention_roles = pings.roles;
  data.mentions = pings.users.flatMap((id) => {
    const u = ctx.state.users.get(id);
    return u ? [userObject(u)] : [];
  });
}

export function editMessage(ctx: Ctx, m: FakeMessage, body: Obj, prefix: string[] = []): FakeMessage {
  fail(validateMessage(body, prefix));
  const next = { ...m.data } as APIMessage & Obj;
  if (body.content !== undefined) next.content = String(body.content ?? '');
  if (body.embeds !== undefined) next.embeds = ((body.embeds ?? []) as Obj[]).map((e) => ({ type: 'rich', ...e })) as APIMessage['embeds'];
  if (body.components !== undefined) next.components = numberComponents(body.components ?? []) as APIMessage['components'];
  if (body.flags !== undefined) next.flags = (Number(body.flags) & ~64) | ((m.data.flags ?? 0) & 64);
  if (((m.data.flags ?? 0) & 128) !== 0) next.flags = (next.flags ?? 0) & ~128; // a deferred reply is no longer "thinking"
  if (isEmptyMessage(next)) fail(E.emptyMessage());
  next.edited_timestamp = new Date(ctx.now()).toISOString();
  if (body.allowed_mentions !== undefined) m.allowedMentions = body.allowed_mentions;
  m.pings = pingsOf(ctx.state, m.channelId, ctx.state.botUserId, next.content, m.allowedMentions as Obj | undefined);
  applyPings(ctx, next, m.pings);
  m.data = next;
  dispatchMessage(ctx, 'MESSAGE_UPDATE', m);
  return m;
}

function sendToChannel(ctx: Ctx): Result {
  const c = channelOr404(ctx);
  if (c.type === 4) fail(E.nonText());
  if (c.type === 1 && ctx.state.users.get(c.recipientId ?? '')?.dmsClosed) fail(E.cannotDm());
  // Files need Attach Files on top of Send Messages (DAD topics/permissions.mdx).
  requirePerms(ctx, c, ctx.files?.length ? P.SendMessages | P.AttachFiles : P.SendMessages);
  fail(validateMessage(ctx.body));
  if (isEmptyMessage(ctx.body) && !ctx.files?.length) fail(E.emptyMessage());
  const { nonce } = ctx.body;
  if (nonce !== undefined && nonce !== null) {
    if (typeof nonce === 'string' ? nonce.length > NONCE_MAX : !Number.isInteger(nonce)) {
      fail({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { nonce: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: `Must be ${NONCE_MAX} or fewer in length.` }] } } } });
    }
    const earlier = ctx.body.enforce_nonce === true ? sameNonce(ctx, c, nonce as string | number) : undefined;
    if (earlier) return ok(created(earlier));
  }
  return ok(created(createMessage(ctx, c, ctx.body, { type: ctx.body.message_reference ? 19 : 0, files: ctx.files })));
}

/** GET /channels/:id/messages: the latest first, `limit` 1–100 (default 50), `before` / `after` a message id. */
function listMessages(ctx: Ctx): Result {
  const c = channelOr404(ctx);
  requirePerms(ctx, c, P.ReadMessageHistory);
  const raw = ctx.query.get('limit');
  const limit = raw === null ? 50 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    fail({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { limit: { _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }] } } } });
  }
  const before = ctx.query.get('before'), after = ctx.query.get('after');
  const visible = ctx.state.messagesIn(c.id)
    .filter((m) => !m.ephemeral)
    .filter((m) => (!before || BigInt(m.data.id) < BigInt(before)) && (!after || BigInt(m.data.id) > BigInt(after)))
    .sort((a, b) => (BigInt(a.data.id) < BigInt(b.data.id) ? 1 : -1));
  // `after` pages forward from that message: the oldest ones after it, still answered newest first.
  const page = after ? visible.slice(-limit) : visible.slice(0, limit);
  return ok(page.map((m) => m.data));
}

export const messageRoutes: Route[] = [
  { method: 'POST', pattern: '/channels/:channel/messages', auth: true, handler: sendToChannel },
  { method: 'GET', pattern: '/channels/:channel/messages', auth: true, handler: listMessages },
  { method: 'GET', pattern: '/channels/:channel/messages/:message', auth: true, handler: (ctx) => {
    const c = channelOr404(ctx);
    requirePerms(ctx, c, P.ReadMessageHistory);
    return ok(messageOr404(ctx, c).data);
  } },
  { method: 'PATCH', pattern: '/channels/:channel/messages/:message', auth: true, handler: (ctx) => {
    const c = channelOr404(ctx);
    requirePerms(ctx, c, 0n);
    const m = messageOr404(ctx, c);
    if (m.data.author.id !== ctx.state.botUserId && (ctx.body.content !== undefined || ctx.body.embeds !== undefined)) fail(E.cannotEditOthers());
    return ok(editMessage(ctx, m, ctx.body).data);
  } },
];
