import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import type { RoomLink } from '../../src/ui/card.ts';
import { PlatformRefusal, type RoomSpec } from '../port.ts';
import { classify, slackError } from './errors.ts';

type Client = webApi.WebClient;
export type RoomContext = { client: Client; locale: Locale; log: Logger; botUserId: () => Promise<string> };

const NAME_MAX = 80;
const MAX_SUFFIX = 20;

/** Slack's channel-name rule: lowercase letters, digits, '-' and '_', at most 80 characters. */
export function slackName(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  return (clean || 'incident').slice(0, NAME_MAX);
}

const suffixed = (base: string, n: number) => (n === 1 ? base : `${base.slice(0, NAME_MAX - String(n).length - 1).replace(/-+$/, '')}-${n}`);

/** The live channel of that name the bot can see, if any (Slack hides private channels it is not in). */
async function findChannel(ctx: RoomContext, name: string, isPrivate: boolean) {
  let cursor: string | undefined;
  do {
    const page = await ctx.client.conversations
      .list({ types: isPrivate ? 'private_channel' : 'public_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) })
      .catch((err: unknown) => Promise.reject(classify(err, { method: 'conversations.list', locale: ctx.locale, private: isPrivate })));
    const found = page.channels?.find((c) => c.name === name);
    if (found) return found;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

/**
 * Creates the war-room channel. When the name is taken, a channel this bot created earlier (the
 * same incident before a crash) is reused; someone else's channel gets the next name: `-2`, `-3`, …
 */
export async function openChannel(ctx: RoomContext, spec: RoomSpec): Promise<RoomLink> {
  const base = slackName(spec.name);
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = suffixed(base, n);
    try {
      const res = await ctx.client.conversations.create({ name, ...(spec.private ? { is_private: true } : {}) });
      return { id: res.channel!.id!, name: res.channel!.name ?? name };
    } catch (err) {
      if (slackError(err) !== 'name_taken') throw classify(err, { method: 'conversations.create', locale: ctx.locale, private: spec.private });
    }
    const existing = await findChannel(ctx, name, spec.private);
    if (existing?.id && existing.creator === (await ctx.botUserId())) return { id: existing.id, name };
    ctx.log.info({ name }, 'channel name taken by another channel; trying the next');
  }
  throw new PlatformRefusal('name_taken', t(ctx.locale, 'slack.refusal.other', { method: 'conversations.create', error: `name_taken (${base} … ${suffixed(base, MAX_SUFFIX)})` }));
}

// Per-person answers of conversations.invite that concern only that person.
const PERSONAL = new Set([
  'user_not_found', 'users_not_found', 'cant_invite', 'cant_invite_self', 'user_is_restricted', 'user_is_ultra_restricted',
  'ura_max_channels', 'user_disabled', 'user_team_not_in_channel',
]);

/**
 * Invites everyone in one call. Slack fails the whole call when one id is unknown (the roster may
 * still hold placeholders), so then each person is invited on their own and unknown ids are
 * skipped: one bad id never keeps the others out.
 */
export async function inviteAll(ctx: RoomContext, room: RoomLink, users: string[]): Promise<void> {
  const ids = [...new Set(users.filter(Boolean))];
  if (ids.length === 0) return;
  const info = { method: 'conversations.invite', locale: ctx.locale, channel: room.name };
  const invite = (who: string[]) => ctx.client.conversations.invite({ channel: room.id, users: who.join(',') });
  try {
    await invite(ids);
    return;
  } catch (err) {
    const code = slackError(err);
    if (code === 'already_in_channel') return;
    if (!code || !PERSONAL.has(code) || ids.length === 1) {
      if (code && PERSONAL.has(code)) return ctx.log.warn({ room: room.name, skipped: ids, code }, 'Slack would not invite this id');
      throw classify(err, info);
    }
  }
  const skipped: { id: string; code: string }[] = [];
  await Promise.all(
    ids.map(async (id) => {
      try {
        await invite([id]);
      } catch (err) {
        const code = slackError(err);
        if (code === 'already_in_channel') return;
        if (code && PERSONAL.has(code)) skipped.push({ id, code });
        else throw classify(err, info);
      }
    }),
  );
  if (skipped.length) ctx.log.warn({ room: room.name, skipped }, 'Slack would not invite these ids (roster placeholders?); invited the others');
}

// Slack's page size for conversations.members is at most 999 (web-api's CursorPaginationEnabled).
const MEMBERS_PAGE = 999;

/**
 * Whether the person is in the channel now (people added or removed in Slack after the raise), page
 * by page until found. A channel Slack does not show the bot (it was removed, the channel is gone)
 * has, as far as anyone can tell, no members.
 */
export async function channelHasMember(client: Client, locale: Locale, room: string, user: string): Promise<boolean> {
  let cursor: string | undefined;
  do {
    let page;
    try {
      page = await client.conversations.members({ channel: room, limit: MEMBERS_PAGE, ...(cursor ? { cursor } : {}) });
    } catch (err) {
      if (slackError(err) === 'channel_not_found') return false;
      throw classify(err, { method: 'conversations.members', locale, channel: room });
    }
    if (page.members?.includes(user)) return true;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return false;
}
