import {
  ChannelType, MessageFlags, MessagePayload, OverwriteType, PermissionFlagsBits, PermissionOverwrites, Routes,
  type APIChannel, type APIMessage, type Client, type DMChannel, type Guild, type OverwriteResolvable, type REST, type TextChannel,
} from 'discord.js';
import type { Logger } from 'pino';
import { supportedLocale, t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { text, type Card, type RoomLink } from '../../src/ui/card.ts';
import type { ChatPort, MessageRef, PostOptions, ReplyTarget, RoomMembership, RoomSpec, UploadFile, UploadOptions } from '../port.ts';
import { GuildDirectory } from './directory.ts';
import { apiCode, asRefusal } from './errors.ts';
import { PermissionLedger } from './permission-ledger.ts';
import { lacking, permissionNames, ROOM_BOT_ALLOW, ROOM_MEMBER_ALLOW, type BotPermission } from './permissions.ts';
import { markerIn, markerOf, nonceOf, withMarker } from './once.ts';
import { fitInto, renderCard, type Outgoing } from './render.ts';
import { createOptions, editOptions } from './send.ts';
import { clipPlain } from './text.ts';

export { CATEGORY_NAME } from './directory.ts';
const ROOM_NEEDS: BotPermission[] = ['ManageChannels', 'ViewChannel', 'SendMessages', 'ReadMessageHistory'];
const MAX_REMEMBERED_LOCALES = 10_000;
// Discord honours an interaction token for 15 minutes; it is kept in memory no longer, and never stored.
const REPLY_TOKEN_MS = 15 * 60_000;
const MAX_REPLY_TOKENS = 10_000;

/**
 * `outbox`: the REST client for the calls the outbox retries and a retry could repeat (creating a
 * channel, sending a message), with discord.js's own retries off: one place owns retries. The
 * idempotent calls (edits, pins, permission overwrites, opening a DM) and interaction replies stay
 * on the client's REST, retries and all.
 */
export type DiscordPortOptions = { applicationId: string; locale: Locale; log: Logger; outbox: REST };
/** How far back a retry looks for its message: one page of the channel's latest messages. */
const LOOK_BACK = 50;
// Missing Access, Missing Permissions (Read Message History): the look-up is skipped, not the message.
const HISTORY_DENIED = new Set([50001, 50013]);

/** Several parts of one card are one MessageRef: their ids joined, in order. */
const joinIds = (ids: string[]) => ids.join(',');
const splitIds = (id: string) => id.split(',').filter(Boolean);

/** Discord as a ChatPort: war rooms are text channels in a "Crisis" category, one guild per workspace. */
export class DiscordPort implements ChatPort, RoomMembership {
  readonly platform = 'discord' as const;
  private readonly sending = new Map<string, Promise<unknown>>();
  private readonly locales = new Map<string, Locale>();
  private readonly replyTokens = new Map<string, { token: string; until: number }>();
  private readonly ledger = new PermissionLedger();
  private readonly dir: GuildDirectory;

  constructor(
    private readonly client: Client<true>,
    private readonly o: DiscordPortOptions,
  ) {
    this.dir = new GuildDirectory(client, this.ledger, o.log);
  }

  /** Remembers the language a person last used, for notices that reach them later. */
  rememberLocale(userId: string, locale: Locale): void {
    this.locales.delete(userId);
    this.locales.set(userId, locale);
    if (this.locales.size > MAX_REMEMBERED_LOCALES) this.locales.delete(this.locales.keys().next().value!);
  }

  /**
   * The token of a person's latest form submitted in a channel, in memory only, so what is said to
   * them later (their war room is ready) is a follow-up only they see there. Without it (expired,
   * another process, a restart) they get a DM instead.
   */
  rememberReplyToken(userId: string, room: string | null, token: string): void {
    const key = `${userId}:${room ?? ''}`;
    this.replyTokens.delete(key);
    this.replyTokens.set(key, { token, until: Date.now() + REPLY_TOKEN_MS });
    if (this.replyTokens.size > MAX_REPLY_TOKENS) this.replyTokens.delete(this.replyTokens.keys().next().value!);
  }

  private replyToken(to: ReplyTarget): string | undefined {
    if (to.token) return to.token;
    const held = this.replyTokens.get(`${to.user}:${to.room ?? ''}`);
    return held && held.until > Date.now() ? held.token : undefined;
  }

  /** What the bot currently lacks in a guild, as far as its last attempts tell. */
  lackingIn(guildId: string): BotPermission[] {
    return this.ledger.lacking(guildId);
  }

  async openRoom(spec: RoomSpec): Promise<RoomLink> {
    const guild = await this.dir.guild(spec.workspace);
    const me = await this.dir.me(guild);
    this.ledger.require(guild.id, lacking((b) => me.permissions.has(b), ['ManageChannels']));
    const category = await this.dir.category(guild);
    // Creating inside the category is decided by the category's own overwrites.
    this.ledger.require(guild.id, lacking((b) => category.permissionsFor(me).has(b), ROOM_NEEDS));
    const botId = this.client.user.id;
    const existing = guild.channels.cache.find(
      (c): c is TextChannel =>
        c.type === ChannelType.GuildText && c.name === spec.name && c.parentId === category.id && c.permissionOverwrites.cache.get(botId)?.type === OverwriteType.Member,
    );
    if (existing) {
      this.ledger.granted(guild.id, ROOM_NEEDS);
      return link(existing);
    }
    const members = spec.private ? await this.dir.members(guild, spec.members) : [];
    const overwrites: OverwriteResolvable[] = [
      ...(spec.private ? [{ id: guild.roles.everyone.id, type: OverwriteType.Role, deny: [PermissionFlagsBits.ViewChannel] }] : []),
      // The bot keeps access to its rooms whatever the category's overwrites say; it also marks the channel as the bot's own.
      { id: botId, type: OverwriteType.Member, allow: ROOM_BOT_ALLOW },
      ...members.map((m) => ({ id: m.id, type: OverwriteType.Member, allow: ROOM_MEMBER_ALLOW })),
    ];
    try {
      // Over the outbox's REST: a creation Discord executed but answered 5xx is not repeated at once;
      // the outbox's retry finds the channel above (the gateway has announced it by then).
      const channel = (await this.o.outbox.post(Routes.guildChannels(guild.id), {
        body: {
          name: spec.name,
          type: ChannelType.GuildText,
          parent_id: category.id,
          topic: clipPlain(spec.topic, 1024),
          permission_overwrites: overwrites.map((ow) => PermissionOverwrites.resolve(ow, guild)),
        },
        reason: clipPlain(`crisis-bot: ${spec.topic}`, 512),
      })) as APIChannel & { name: string };
      this.ledger.granted(guild.id, ROOM_NEEDS);
      return { id: channel.id, name: channel.name, url: `https://discord.com/channels/${guild.id}/${channel.id}` };
    } catch (err) {
      this.ledger.explainForbidden(guild.id, err, ['ManageChannels']);
      return asRefusal(err, `create channel ${spec.name}`);
    }
  }

  async invite(room: RoomLink, users: string[]): Promise<void> {
    const channel = await this.dir.textChannel(room.id);
    const everyone = channel.permissionOverwrites.cache.get(channel.guild.id);
    // Public rooms need no invitation: everyone who can see the category sees the room.
    if (!everyone?.deny.has(PermissionFlagsBits.ViewChannel)) return;
    const absent = users.filter((u) => u !== this.client.user.id && !channel.permissionOverwrites.cache.has(u));
    const members = await this.dir.members(channel.guild, absent);
    if (!members.length) return;
    const me = await this.dir.me(channel.guild);
    this.ledger.require(channel.guild.id, lacking((b) => channel.permissionsFor(me).has(b), ['ManageRoles']));
    for (const m of members) {
      try {
        await channel.permissionOverwrites.create(m.id, { ViewChannel: true, SendMessages: true, ReadMessageHistory: true }, { type: OverwriteType.Member, reason: 'crisis-bot: war room member' });
      } catch (err) {
        this.ledger.explainForbidden(channel.guild.id, err, ['ManageRoles']);
        asRefusal(err, `add ${m.id} to ${channel.name}`);
      }
    }
    this.ledger.granted(channel.guild.id, ['ManageRoles']);
  }

  /**
   * Whether the person can see the channel now: its permission overwrites (kept current by the
   * gateway's CHANNEL_UPDATE) applied to their roles as Discord has them at this moment.
   */
  async isMember(room: string, user: string): Promise<boolean> {
    const channel = await this.dir.textChannel(room);
    const member = await this.dir.freshMember(channel.guild, user);
    return Boolean(member && channel.permissionsFor(member).has(PermissionFlagsBits.ViewChannel));
  }

  async post(room: RoomLink, card: Card, opts: PostOptions = {}): Promise<MessageRef> {
    const channel = await this.dir.textChannel(room.id);
    const parts = this.render(card, channel.guild);
    await this.requireIn(channel, parts);
    const ids = await this.inOrder(channel.id, () =>
      this.sendParts(channel, parts, opts, (err) => {
        this.ledger.explainForbidden(channel.guild.id, err, ['SendMessages']);
        asRefusal(err, `post in ${channel.name}`);
      }),
    );
    return { room: channel.id, id: joinIds(ids) };
  }

  /**
   * Sends a card's messages in order. Keyed, each carries its nonce (enforced) and its marker; a
   * retry first looks for the parts an earlier attempt sent and sends only the others.
   */
  private async sendParts(channel: TextChannel | DMChannel, parts: Outgoing[], opts: PostOptions, refused: (err: unknown) => never): Promise<string[]> {
    const { key } = opts;
    const found = key && opts.retry ? await this.sentBefore(channel.id, key, parts.length) : new Map<number, string>();
    const ids: string[] = [];
    for (const [i, part] of parts.entries()) {
      const earlier = found.get(i);
      if (earlier) {
        ids.push(earlier);
        continue;
      }
      const options = key ? { ...createOptions(withMarker(part, markerOf(key, i))), nonce: nonceOf(key, i), enforceNonce: true } : createOptions(part);
      const { body } = MessagePayload.create(channel, options).resolveBody();
      try {
        ids.push(((await this.o.outbox.post(Routes.channelMessages(channel.id), { body })) as APIMessage).id);
      } catch (err) {
        refused(err);
      }
    }
    return ids;
  }

  /**
   * The parts of a keyed card among the channel's latest messages by the bot (part -> message id).
   * A channel whose history the bot may not read does not hold the message back: it is sent (the
   * nonce still guards the first minutes).
   */
  private async sentBefore(channelId: string, key: string, parts: number): Promise<Map<number, string>> {
    let latest: APIMessage[];
    try {
      latest = (await this.o.outbox.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: String(LOOK_BACK) }) })) as APIMessage[];
    } catch (err) {
      if (!HISTORY_DENIED.has(apiCode(err) ?? 0)) throw err;
      this.o.log.warn({ channel: channelId, code: apiCode(err) }, 'cannot read the channel to look for an earlier attempt of this message; sending it');
      return new Map();
    }
    const wanted = new Map(Array.from({ length: parts }, (_, i) => [markerOf(key, i), i] as const));
    const found = new Map<number, string>();
    for (const m of latest) {
      const part = m.author.id === this.client.user.id ? wanted.get(markerIn(m) ?? '') : undefined;
      if (part !== undefined) found.set(part, m.id);
    }
    return found;
  }

  /**
   * Posts to one channel go out one after another, in the order asked. discord.js alone does not
   * promise that: when a 429 first reveals a route's rate-limit bucket, requests queued after it
   * move to a new queue and can overtake the one waiting out its Retry-After.
   */
  private inOrder<T>(channelId: string, work: () => Promise<T>): Promise<T> {
    const next = (this.sending.get(channelId) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.sending.set(channelId, next);
    const forget = () => {
      if (this.sending.get(channelId) === next) this.sending.delete(channelId);
    };
    next.then(forget, forget);
    return next;
  }

  /**
   * A file as a message attachment (multipart `files[0]`, built by discord.js's MessagePayload, the
   * way `channel.send({ files })` builds it), sent over the outbox's REST like every keyed post: its
   * text carries the key's nonce and marker, so a retry finds it (sentBefore) instead of sending again.
   */
  async upload(room: RoomLink, file: UploadFile, opts: UploadOptions): Promise<MessageRef> {
    const channel = await this.dir.textChannel(room.id);
    const me = await this.dir.me(channel.guild);
    const needs: BotPermission[] = ['ViewChannel', 'SendMessages', 'AttachFiles'];
    this.ledger.require(channel.guild.id, lacking((b) => channel.permissionsFor(me).has(b), needs));
    const ids = await this.inOrder(channel.id, async () => {
      const earlier = opts.retry ? (await this.sentBefore(channel.id, opts.key, 1)).get(0) : undefined;
      if (earlier) return earlier;
      const content = clipPlain(file.title ?? file.name, 1900) + markerOf(opts.key, 0);
      const payload = MessagePayload.create(channel, {
        content, files: [{ attachment: file.bytes, name: file.name }], nonce: nonceOf(opts.key, 0), enforceNonce: true, allowedMentions: { parse: [] },
      });
      const { body, files } = await payload.resolveBody().resolveFiles();
      try {
        return ((await this.o.outbox.post(Routes.channelMessages(channel.id), { body, files: files ?? [] })) as APIMessage).id;
      } catch (err) {
        this.ledger.explainForbidden(channel.guild.id, err, ['AttachFiles']);
        return asRefusal(err, `attach ${file.name} in ${channel.name}`);
      }
    });
    this.ledger.granted(channel.guild.id, needs);
    return { room: channel.id, id: ids };
  }

  async update(message: MessageRef, card: Card): Promise<void> {
    const channel = await this.dir.textChannel(message.room);
    const ids = splitIds(message.id);
    if (!ids.length) {
      this.o.log.warn({ channel: channel.id }, 'a card posted as no message cannot be updated');
      return;
    }
    const rendered = this.render(card, channel.guild);
    // The card may have outgrown the messages it was posted in: it is folded into them.
    if (rendered.length > ids.length) this.o.log.info({ channel: channel.id, ids, parts: rendered.length }, 'updated card folded into the messages it was posted in');
    const parts = fitInto(rendered, ids.length);
    await this.requireIn(channel, parts);
    for (const [i, part] of parts.entries()) {
      try {
        await channel.messages.edit(ids[i]!, editOptions(part));
      } catch (err) {
        this.ledger.explainForbidden(channel.guild.id, err, ['SendMessages']);
        asRefusal(err, `edit message ${ids[i]} in ${channel.name}`);
      }
    }
  }

  async pin(message: MessageRef): Promise<void> {
    const channel = await this.dir.textChannel(message.room);
    const me = await this.dir.me(channel.guild);
    const perms = channel.permissionsFor(me);
    // Until Discord's split of Pin Messages from Manage Messages is complete, either one allows pinning.
    if (!perms.has(PermissionFlagsBits.ManageMessages)) this.ledger.require(channel.guild.id, lacking((b) => perms.has(b), ['PinMessages']));
    const first = splitIds(message.id)[0];
    if (!first) return;
    try {
      await channel.messages.pin(first, 'crisis-bot: incident summary');
      this.ledger.granted(channel.guild.id, ['PinMessages']);
    } catch (err) {
      this.ledger.explainForbidden(channel.guild.id, err, ['PinMessages']);
      asRefusal(err, `pin ${first} in ${channel.name}`);
    }
  }

  async dm(user: string, card: Card, opts: PostOptions = {}): Promise<MessageRef> {
    // A DM may name others (a step's owner in the lead's alert): shown as mentions, it may notify its recipient only.
    const parts = renderCard(card).map((p) => ({ ...p, allowed_mentions: { parse: [] as [], users: p.allowed_mentions.users.filter((u) => u === user) } }));
    const refused = (err: unknown): never => asRefusal(err, `DM ${user}`);
    // Opening the DM channel is idempotent (Discord returns the existing one).
    const channel = await this.client.users.createDM(user).catch(refused);
    const ids = await this.inOrder(channel.id, () => this.sendParts(channel, parts, opts, refused));
    return { room: channel.id, id: joinIds(ids) };
  }

  /**
   * An interaction follow-up only the reporter sees (the token lives 15 minutes), else a DM.
   * While the bot lacks a permission in their guild, the notice says which one.
   */
  async tell(to: ReplyTarget, card: Card): Promise<void> {
    const told = this.withMissingPermissions(to, card);
    const token = this.replyToken(to);
    if (token) {
      try {
        for (const part of renderCard(told)) {
          await this.client.rest.post(Routes.webhook(this.o.applicationId, token), { body: { ...part, flags: MessageFlags.Ephemeral }, auth: false });
        }
        return;
      } catch (err) {
        this.o.log.info({ user: to.user, code: apiCode(err) }, 'interaction follow-up failed; sending a DM instead');
      }
    }
    await this.dm(to.user, told);
  }

  private withMissingPermissions(to: ReplyTarget, card: Card): Card {
    const channel = to.room ? this.client.channels.cache.get(to.room) : undefined;
    const guild = channel && 'guild' in channel ? channel.guild : undefined;
    const perms = guild ? this.lackingIn(guild.id) : [];
    if (!guild || !perms.length) return card;
    const locale = this.locales.get(to.user) ?? supportedLocale(guild.preferredLocale) ?? this.o.locale;
    const line = t(locale, 'discord.missingPermission', { permissions: permissionNames(locale, perms), bot: this.client.user.username });
    return { ...card, blocks: [...card.blocks, text(line)] };
  }

  private render(card: Card, guild: Guild): Outgoing[] {
    return renderCard(card, { isMember: (id) => this.dir.mayBeMember(guild.id, id) });
  }

  private async requireIn(channel: TextChannel, parts: Outgoing[]): Promise<void> {
    const me = await this.dir.me(channel.guild);
    const perms = channel.permissionsFor(me);
    const needs: BotPermission[] = parts.some((p) => p.embeds?.length) ? ['ViewChannel', 'SendMessages', 'EmbedLinks'] : ['ViewChannel', 'SendMessages'];
    this.ledger.require(channel.guild.id, lacking((b) => perms.has(b), needs));
    this.ledger.granted(channel.guild.id, needs);
  }
}

function link(channel: TextChannel): RoomLink {
  return { id: channel.id, name: channel.name, url: channel.url };
}
