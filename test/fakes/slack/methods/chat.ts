import { fillIds, validateBlocks } from '../blocks-limits.ts';
import type { Channel, Message } from '../state.ts';
import { type Args, type Ctx, type MethodDef, SlackApiError, isMember, requireChannel, str } from './types.ts';

function content(args: Args): { text: string; blocks?: unknown[]; attachments?: unknown[] } {
  const text = str(args.text);
  const { blocks, attachments } = args;
  if (blocks !== undefined && !Array.isArray(blocks)) throw new SlackApiError('invalid_blocks_format');
  if (!text && !blocks?.length && !(Array.isArray(attachments) && attachments.length)) throw new SlackApiError('no_text');
  if (text.length > 40000) throw new SlackApiError('msg_too_long');
  if (blocks) {
    const messages = validateBlocks(blocks, 'message');
    if (messages.length) throw new SlackApiError('invalid_blocks', { response_metadata: { messages } });
  }
  return { text, blocks: blocks && fillIds(blocks), attachments: Array.isArray(attachments) ? attachments : undefined };
}

/**
 * Message metadata: `{event_type, event_payload}`, event_type a short identifier, the payload an
 * object. [guess: the error names are those Slack lists for chat.postMessage; which one a given
 * malformed value gets was not verified.]
 */
function metadata(args: Args): Message['metadata'] {
  const m = args.metadata;
  if (m === undefined || m === '') return undefined;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new SlackApiError('invalid_metadata_format');
  const { event_type, event_payload } = m as Record<string, unknown>;
  if (typeof event_type !== 'string' || !/^[A-Za-z0-9_]{1,255}$/.test(event_type)) throw new SlackApiError('invalid_metadata_schema');
  if (!event_payload || typeof event_payload !== 'object' || Array.isArray(event_payload)) throw new SlackApiError('invalid_metadata_schema');
  return { event_type, event_payload: event_payload as Record<string, unknown> };
}

/** Channel the bot may write to; a user id means the bot's DM with that user. */
function target(args: Args, ctx: Ctx): Channel {
  const id = str(args.channel);
  const ch = id.startsWith('U') && ctx.state.users.has(id) ? ctx.state.openIm(id).ch : requireChannel(ctx, id);
  if (ch.is_archived) throw new SlackApiError('is_archived');
  if (!isMember(ctx, ch) && !(ctx.scopes.has('chat:write.public') && !ch.is_private)) throw new SlackApiError('not_in_channel');
  return ch;
}

export const chat: Record<string, MethodDef> = {
  'chat.postMessage': {
    scope: 'chat:write',
    run(args, ctx) {
      const ch = target(args, ctx);
      const c = content(args);
      const thread = str(args.thread_ts);
      const meta = metadata(args);
      const m: Message = { ts: ctx.state.nextTs(), channel: ch.id, user: ctx.state.ids.botUserId, ...c, ...(thread ? { thread_ts: thread } : {}), ...(meta ? { metadata: meta } : {}) };
      ctx.state.messages.get(ch.id)?.push(m);
      return { channel: ch.id, ts: m.ts, message: ctx.state.messageObject(m, { metadata: true }) };
    },
  },

  'chat.update': {
    scope: 'chat:write',
    run(args, ctx) {
      const ch = requireChannel(ctx, args.channel);
      const m = ctx.state.findMessage(ch.id, str(args.ts));
      if (!m) throw new SlackApiError('message_not_found');
      if (m.user !== ctx.state.ids.botUserId) throw new SlackApiError('cant_update_message');
      const c = content({ text: args.text ?? m.text, blocks: args.blocks ?? m.blocks, attachments: args.attachments ?? m.attachments });
      Object.assign(m, c, { edited: { user: ctx.state.ids.botUserId, ts: ctx.state.nextTs() } });
      return { channel: ch.id, ts: m.ts, text: m.text, message: ctx.state.messageObject(m) };
    },
  },

  'chat.postEphemeral': {
    scope: 'chat:write',
    run(args, ctx) {
      const ch = target(args, ctx);
      const user = str(args.user);
      if (!ctx.state.users.has(user)) throw new SlackApiError('user_not_found');
      if (!ch.members.has(user)) throw new SlackApiError('user_not_in_channel');
      const c = content(args);
      const message_ts = ctx.state.nextTs();
      ctx.state.ephemerals.push({ channel: ch.id, user, message_ts, text: c.text, blocks: c.blocks });
      return { message_ts };
    },
  },

  'pins.add': {
    scope: 'pins:write',
    run(args, ctx) {
      const ch = requireChannel(ctx, args.channel);
      const ts = str(args.timestamp);
      if (!ts) throw new SlackApiError('no_item_specified');
      if (!isMember(ctx, ch)) throw new SlackApiError('not_in_channel');
      if (!ctx.state.findMessage(ch.id, ts)) throw new SlackApiError('message_not_found');
      if (ch.pins.has(ts)) throw new SlackApiError('already_pinned');
      ch.pins.add(ts);
      return {};
    },
  },
};
