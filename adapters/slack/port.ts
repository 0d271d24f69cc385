import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Locale } from '../../src/playbook/text.ts';
import type { Card, RoomLink } from '../../src/ui/card.ts';
import { PlatformRefusal, type ChatPort, type MessageRef, type PostOptions, type ReplyTarget, type RoomMembership, type RoomSpec, type UploadFile, type UploadOptions } from '../port.ts';
import { classify, slackError, type CallInfo } from './errors.ts';
import { toMessage, toMessages, fallbackText, type SlackMessage } from './render.ts';
import { channelHasMember, inviteAll, openChannel, type RoomContext } from './rooms.ts';
import { keyedName, uploadFile } from './upload.ts';

/** Message metadata event type of every message the outbox posts; its payload holds the key and the part. */
export const EFFECT_EVENT = 'crisis_bot_effect';
/**
 * How far back a retry looks for its message: one conversations.history page. The outbox retries
 * within seconds to minutes, so its message is among the room's latest; a room busier than this
 * between two attempts could get the message twice. (Apps distributed outside the Marketplace are
 * capped at 15 messages and one history call a minute; crisis-bot is installed per organisation.)
 */
const LOOK_BACK = 50;

// Where an ephemeral cannot go, the person gets a DM instead.
const EPHEMERAL_ELSEWHERE = new Set(['not_in_channel', 'channel_not_found', 'user_not_in_channel', 'is_archived']);

/** Slack as a ChatPort, over the Web API. Refusals retrying cannot fix become PlatformRefusal. */
export class SlackPort implements ChatPort, RoomMembership {
  readonly platform = 'slack' as const;
  private readonly ims = new Map<string, string>();
  private bot?: Promise<string>;

  constructor(
    readonly client: webApi.WebClient,
    private readonly locale: Locale,
    private readonly log: Logger,
    botUserId?: string,
  ) {
    if (botUserId) this.bot = Promise.resolve(botUserId);
  }

  /** The bot's own user id (auth.test once, again after a failure). */
  botUserId(): Promise<string> {
    this.bot ??= this.client.auth.test().then(
      (r) => r.user_id!,
      (err: unknown) => {
        this.bot = undefined;
        throw err;
      },
    );
    return this.bot;
  }

  private get rooms(): RoomContext {
    return { client: this.client, locale: this.locale, log: this.log, botUserId: () => this.botUserId() };
  }

  private async call<T>(info: Omit<CallInfo, 'locale'>, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw classify(err, { ...info, locale: this.locale });
    }
  }

  private messages(card: Card): SlackMessage[] {
    const all = toMessages([card]);
    return all.length ? all : [{ text: fallbackText(card), blocks: [] }];
  }

  openRoom(spec: RoomSpec): Promise<RoomLink> {
    return openChannel(this.rooms, spec);
  }

  invite(room: RoomLink, users: string[]): Promise<void> {
    return inviteAll(this.rooms, room, users);
  }

  isMember(room: string, user: string): Promise<boolean> {
    return channelHasMember(this.client, this.locale, room, user);
  }

  /**
   * Posts the card; a card longer than one message continues in the next ones, and the first is
   * returned. With a key every message carries it in its metadata, and a retry first looks for
   * the messages an earlier attempt posted: only the parts not found are posted.
   */
  async post(room: RoomLink, card: Card, opts: PostOptions = {}): Promise<MessageRef> {
    return this.postTo(room.id, card, opts);
  }

  private async postTo(channel: string, card: Card, opts: PostOptions = {}): Promise<MessageRef> {
    const { key } = opts;
    const found = key && opts.retry ? await this.postedBefore(channel, key) : new Map<number, string>();
    let first: MessageRef | undefined;
    for (const [part, m] of this.messages(card).entries()) {
      const earlier = found.get(part);
      if (earlier) {
        first ??= { room: channel, id: earlier };
        continue;
      }
      const metadata = key ? { event_type: EFFECT_EVENT, event_payload: { key, part } } : undefined;
      const res = await this.call({ method: 'chat.postMessage', channel }, () =>
        this.client.chat.postMessage({ channel, text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false, ...(metadata ? { metadata } : {}) }),
      );
      first ??= { room: res.channel ?? channel, id: res.ts! };
    }
    return first!;
  }

  /**
   * The parts of a keyed message already in the channel (part -> ts), from its latest messages.
   * A look-up Slack refuses (a workspace that has not granted the history scopes yet) does not
   * hold the message back: it is posted, at the risk of a copy. Other failures are retried.
   */
  private async postedBefore(channel: string, key: string): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    try {
      const res = await this.client.conversations.history({ channel, limit: LOOK_BACK, include_all_metadata: true });
      for (const m of res.messages ?? []) {
        const payload = m.metadata?.event_type === EFFECT_EVENT ? (m.metadata.event_payload as { key?: unknown; part?: unknown } | undefined) : undefined;
        if (payload?.key === key && m.ts) found.set(Number(payload.part ?? 0), m.ts);
      }
    } catch (err) {
      const refusal = classify(err, { method: 'conversations.history', locale: this.locale, channel });
      if (!(refusal instanceof PlatformRefusal)) throw refusal;
      this.log.warn({ channel, code: refusal.code }, 'cannot look for an earlier attempt of this message; posting it (it may appear twice)');
    }
    return found;
  }

  /**
   * A file shared in the channel through filesUploadV2 (files.getUploadURLExternal, the bytes to
   * the URL it returns, files.completeUploadExternal). A file cannot carry message metadata, so
   * its name carries the key (upload.ts); a retry looks for that name among the latest messages.
   */
  async upload(room: RoomLink, file: UploadFile, opts: UploadOptions): Promise<MessageRef> {
    const name = keyedName(file.name, opts.key);
    if (opts.retry) {
      const earlier = await this.uploadedBefore(room.id, name);
      if (earlier) return earlier;
    }
    return this.call({ method: 'files.getUploadURLExternal', channel: room.id }, () => uploadFile(this.client, room.id, { ...file, name }));
  }

  private async uploadedBefore(channel: string, name: string): Promise<MessageRef | undefined> {
    try {
      const res = await this.client.conversations.history({ channel, limit: LOOK_BACK });
      const m = (res.messages ?? []).find((x) => (x.files ?? []).some((f) => f.name === name));
      return m?.ts ? { room: channel, id: m.ts } : undefined;
    } catch (err) {
      const refusal = classify(err, { method: 'conversations.history', locale: this.locale, channel });
      if (!(refusal instanceof PlatformRefusal)) throw refusal;
      this.log.warn({ channel, code: refusal.code }, 'cannot look for an earlier upload of this file; uploading it (it may appear twice)');
      return undefined;
    }
  }

  async update(message: MessageRef, card: Card): Promise<void> {
    const m = toMessage(card);
    if (m.dropped) this.log.warn({ message, dropped: m.dropped }, 'card too long for one message; the update keeps the first 50 blocks');
    await this.call({ method: 'chat.update', channel: message.room }, () =>
      this.client.chat.update({ channel: message.room, ts: message.id, text: m.text, blocks: m.blocks }),
    );
  }

  async pin(message: MessageRef): Promise<void> {
    try {
      await this.client.pins.add({ channel: message.room, timestamp: message.id });
    } catch (err) {
      if (slackError(err) !== 'already_pinned') throw classify(err, { method: 'pins.add', locale: this.locale, channel: message.room });
    }
  }

  private async imOf(user: string): Promise<string> {
    const known = this.ims.get(user);
    if (known) return known;
    const res = await this.call({ method: 'conversations.open' }, () => this.client.conversations.open({ users: user }));
    const id = res.channel!.id!;
    this.ims.set(user, id);
    return id;
  }

  async dm(user: string, card: Card, opts: PostOptions = {}): Promise<MessageRef> {
    return this.postTo(await this.imOf(user), card, opts);
  }

  /** An ephemeral in the room the person typed in; a DM when the bot cannot post there. */
  async tell(to: ReplyTarget, card: Card): Promise<void> {
    const room = to.room;
    if (room) {
      try {
        for (const m of this.messages(card)) await this.client.chat.postEphemeral({ channel: room, user: to.user, text: m.text, blocks: m.blocks });
        return;
      } catch (err) {
        const code = slackError(err);
        if (!code || !EPHEMERAL_ELSEWHERE.has(code)) throw classify(err, { method: 'chat.postEphemeral', locale: this.locale, channel: room });
        this.log.info({ room, code }, 'ephemeral not possible there; sending a DM instead');
      }
    }
    await this.dm(to.user, card);
  }
}
