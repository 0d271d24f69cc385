import { type Args, type MethodDef, SlackApiError, bool, byType, isMember, requireChannel, str } from './types.ts';

const LIST_SCOPES: Record<string, string> = { public_channel: 'channels:read', private_channel: 'groups:read', mpim: 'mpim:read', im: 'im:read' };
const listTypes = (args: Args): string[] => (str(args.types) || 'public_channel').split(',').map((t) => t.trim()).filter(Boolean);

export const conversations: Record<string, MethodDef> = {
  'conversations.create': {
    scope: (args) => (bool(args.is_private) ? 'groups:write' : 'channels:manage'),
    run(args, ctx) {
      const name = str(args.name);
      if (name.length === 0) throw new SlackApiError('invalid_name_required');
      if (name.length > 80) throw new SlackApiError('invalid_name_maxlength');
      if (!/^[a-z0-9_-]+$/.test(name)) throw new SlackApiError('invalid_name_specials');
      if (/^[-_]+$/.test(name)) throw new SlackApiError('invalid_name_punctuation');
      // Archived channels keep their names, so they count too.
      for (const c of ctx.state.channels.values()) if (!c.is_im && c.name === name) throw new SlackApiError('name_taken');
      const ch = ctx.state.addChannel({ name, is_private: bool(args.is_private), created_by: ctx.state.ids.botUserId });
      return { channel: ctx.state.channelObject(ch, { last_read: '0000000000.000000', priority: 0 }) };
    },
  },

  // Decision: already_in_channel only when EVERY listed user is already a member; otherwise the
  // others are invited and the call is ok. [guess: Slack's exact multi-user behaviour unverified]
  'conversations.invite': {
    scope: byType('channels:manage', 'groups:write'),
    run(args, ctx) {
      const ch = requireChannel(ctx, args.channel);
      if (ch.is_im) throw new SlackApiError('method_not_supported_for_channel_type');
      if (ch.is_archived) throw new SlackApiError('is_archived');
      if (!isMember(ctx, ch)) throw new SlackApiError('not_in_channel');
      const users = str(args.users).split(',').map((u) => u.trim()).filter(Boolean);
      if (users.length === 0) throw new SlackApiError('no_user');
      if (users.length > 1000) throw new SlackApiError('too_many_users');
      if (users.includes(ctx.state.ids.botUserId)) throw new SlackApiError('cant_invite_self');
      // Partial-failure rule (doc): any unknown user fails the whole call, nobody is invited.
      const unknown = users.find((u) => !ctx.state.users.has(u));
      if (unknown) throw new SlackApiError('user_not_found');
      // A deactivated account cannot join a channel. [guess: the code Slack gives for it here is unverified]
      if (users.some((u) => ctx.state.users.get(u)?.deleted)) throw new SlackApiError('user_disabled');
      const fresh = users.filter((u) => !ch.members.has(u));
      if (fresh.length === 0) throw new SlackApiError('already_in_channel');
      for (const u of fresh) ch.members.add(u);
      return { channel: ctx.state.channelObject(ch) };
    },
  },

  'conversations.open': {
    scope: 'im:write',
    run(args, ctx) {
      if (args.channel !== undefined) {
        const ch = requireChannel(ctx, args.channel);
        return { channel: bool(args.return_im) ? ctx.state.channelObject(ch) : { id: ch.id } };
      }
      const users = str(args.users).split(',').map((u) => u.trim()).filter(Boolean);
      if (users.length === 0) throw new SlackApiError('users_list_not_supplied');
      // Group DMs (mpim) are not modelled by this fake.
      if (users.length > 1) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] fake: mpim not supported'] } });
      const userId = users[0] ?? '';
      const user = ctx.state.users.get(userId);
      if (!user) throw new SlackApiError('user_not_found');
      // Documented for conversations.open: "A specified user has been disabled."
      if (user.deleted) throw new SlackApiError('user_disabled');
      const { ch, existed } = ctx.state.openIm(userId);
      const channel = bool(args.return_im) ? ctx.state.channelObject(ch) : { id: ch.id };
      return existed ? { no_op: true, already_open: true, channel } : { channel };
    },
  },

  'conversations.info': {
    scope: byType('channels:read', 'groups:read', 'im:read'),
    run(args, ctx) {
      const ch = requireChannel(ctx, args.channel);
      return { channel: ctx.state.channelObject(ch, bool(args.include_num_members) ? { num_members: ch.members.size } : {}) };
    },
  },

  // Types map to scopes as Slack documents them: public_channel -> channels:read, private_channel ->
  // groups:read. Private channels the bot is not in are not listed. The cursor is an offset.
  'conversations.list': {
    scope: (args, ctx) => {
      const needed = listTypes(args).map((t) => LIST_SCOPES[t]).filter((x): x is string => Boolean(x));
      return needed.find((x) => !ctx.scopes.has(x)) ?? needed[0];
    },
    run(args, ctx) {
      const types = listTypes(args);
      if (types.some((t) => !(t in LIST_SCOPES))) throw new SlackApiError('invalid_types');
      const limit = Math.min(Math.max(Number(str(args.limit) || 100), 1), 1000);
      const from = args.cursor ? Number(Buffer.from(str(args.cursor), 'base64').toString('utf8').replace(/^offset:/, '')) : 0;
      if (!Number.isInteger(from) || from < 0) throw new SlackApiError('invalid_cursor');
      const visible = [...ctx.state.channels.values()].filter((ch) => {
        const type = ch.is_im ? 'im' : ch.is_private ? 'private_channel' : 'public_channel';
        if (!types.includes(type) || (bool(args.exclude_archived) && ch.is_archived)) return false;
        return !ch.is_private || ch.is_im || isMember(ctx, ch);
      });
      const page = visible.slice(from, from + limit);
      const next = from + limit < visible.length ? Buffer.from(`offset:${from + limit}`).toString('base64') : '';
      return { channels: page.map((ch) => ctx.state.channelObject(ch)), response_metadata: { next_cursor: next } };
    },
  },

  // Newest first, as Slack returns it. Bounded by `limit` (default 100, at most 999 — Slack's
  // reference; apps distributed outside the Marketplace get at most 15, not modelled), `oldest` /
  // `latest` (exclusive unless `inclusive`) and a cursor (an offset here). Message metadata comes
  // back only with include_all_metadata.
  'conversations.history': {
    scope: byType('channels:history', 'groups:history', 'im:history'),
    run(args, ctx) {
      const ch = requireChannel(ctx, args.channel);
      if (!ch.is_im && !isMember(ctx, ch)) throw new SlackApiError('not_in_channel');
      const limit = Math.min(Math.max(Number(str(args.limit) || 100), 1), 999);
      const from = args.cursor ? Number(Buffer.from(str(args.cursor), 'base64').toString('utf8').replace(/^offset:/, '')) : 0;
      if (!Number.isInteger(from) || from < 0) throw new SlackApiError('invalid_cursor');
      const inclusive = bool(args.inclusive);
      const oldest = str(args.oldest), latest = str(args.latest);
      const within = (ts: string) =>
        (!oldest || (inclusive ? Number(ts) >= Number(oldest) : Number(ts) > Number(oldest))) &&
        (!latest || (inclusive ? Number(ts) <= Number(latest) : Number(ts) < Number(latest)));
      const all = (ctx.state.messages.get(ch.id) ?? []).filter((m) => !m.thread_ts || m.thread_ts === m.ts).filter((m) => within(m.ts)).reverse();
      const page = all.slice(from, from + limit);
      const more = from + limit < all.length;
      return {
        messages: page.map((m) => ctx.state.messageObject(m, { metadata: bool(args.include_all_metadata) })),
        has_more: more,
        pin_count: ch.pins.size,
        response_metadata: { next_cursor: more ? Buffer.from(`offset:${from + limit}`).toString('base64') : '' },
      };
    },
  },

  // Paged like Slack's: limit defaults to 100 (web-api: "an integer with a max value of 999"), the
  // cursor is an offset here. Errors as documented: invalid_limit, invalid_cursor, channel_not_found
  // (a private channel the bot is not in looks unknown). [guess: what Slack does above 999 is unverified; refused here]
  'conversations.members': {
    scope: byType('channels:read', 'groups:read', 'im:read'),
    run(args, ctx) {
      const ch = requireChannel(ctx, args.channel);
      const limit = args.limit === undefined || str(args.limit) === '' ? 100 : Number(str(args.limit));
      if (!Number.isInteger(limit) || limit < 1 || limit > 999) throw new SlackApiError('invalid_limit');
      const from = args.cursor ? Number(Buffer.from(str(args.cursor), 'base64').toString('utf8').replace(/^offset:/, '')) : 0;
      if (!Number.isInteger(from) || from < 0) throw new SlackApiError('invalid_cursor');
      const all = [...ch.members];
      const next = from + limit < all.length ? Buffer.from(`offset:${from + limit}`).toString('base64') : '';
      return { members: all.slice(from, from + limit), response_metadata: { next_cursor: next } };
    },
  },
};
