import type { FakeState, Channel } from '../state.ts';

export type Args = Record<string, unknown>;

export interface Ctx {
  state: FakeState;
  scopes: Set<string>;
  /** Returns a ws:// URL with a fresh ticket for Socket Mode. */
  socketUrl: () => string;
  /** The URL on the fake that takes a pending upload's bytes (files.getUploadURLExternal). */
  uploadUrl: (fileId: string) => string;
  /** The workspace's upload limit in bytes, when it restricts uploads below Slack's own. */
  maxUploadBytes?: number;
}

export interface MethodDef {
  /** Which token kind the method accepts (default 'bot'). */
  token?: 'bot' | 'app';
  /** Required scope, possibly depending on the arguments (e.g. channel type). */
  scope?: string | ((args: Args, ctx: Ctx) => string | undefined);
  run: (args: Args, ctx: Ctx) => Record<string, unknown>;
}

/** Thrown by a method: answered as HTTP 200 {ok:false, error, ...extra}. */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

export const bool = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function requireChannel(ctx: Ctx, id: unknown): Channel {
  const ch = ctx.state.channels.get(str(id));
  // Slack hides private channels the bot is not in: they look like unknown ids.
  if (!ch || (ch.is_private && !ch.is_im && !ch.members.has(ctx.state.ids.botUserId))) throw new SlackApiError('channel_not_found');
  return ch;
}

/** Scope by channel type: public -> pub, private -> priv, unknown id -> pub (error comes later). */
export const byType =
  (pub: string, priv: string, im = priv) =>
  (args: Args, ctx: Ctx): string => {
    const ch = ctx.state.channels.get(str(args.channel));
    return !ch ? pub : ch.is_im ? im : ch.is_private ? priv : pub;
  };

export const isMember = (ctx: Ctx, ch: Channel): boolean => ch.members.has(ctx.state.ids.botUserId);
