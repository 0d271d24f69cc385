import { DiscordAPIError } from 'discord.js';
import { PlatformRefusal } from '../port.ts';
import { permissionNames, type BotPermission } from './permissions.ts';

/**
 * The bot lacks permissions in a guild. Deliberately not a PlatformRefusal: an admin can grant
 * them at any time, so the outbox keeps retrying and the war room appears once they do.
 */
export class MissingPermissions extends Error {
  constructor(
    readonly guildId: string,
    readonly permissions: BotPermission[],
  ) {
    super(`Discord: the bot lacks the ${permissionNames('en', permissions)} permission in guild ${guildId}`);
  }
}

export const apiCode = (err: unknown): number | undefined => (err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined);

// Codes that no retry can change: the target is gone, the person refuses DMs, or the body is
// one Discord will never accept. Anything else (5xx, timeouts, missing permissions) is retried.
const REFUSALS: Record<number, string> = {
  10003: 'unknown_channel',
  10004: 'unknown_guild',
  10008: 'unknown_message',
  10013: 'unknown_user',
  50007: 'dm_closed',
  50035: 'invalid_body',
  40005: 'too_large', // 413 Request entity too large: a file over the guild's upload limit
};

// Interaction tokens sit in webhook and callback URLs; they let anyone answer as the bot for 15 minutes.
const TOKEN_IN_URL = /\/(webhooks|interactions)\/(\d+)\/[^/?]+/g;

/** An error as it may be logged: Discord's code and the route, never an interaction token or a request body. */
export function loggable(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  return {
    name: e.name,
    message: e.message.replace(TOKEN_IN_URL, '/$1/$2/[token]'),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(typeof e.method === 'string' ? { method: e.method } : {}),
    ...(typeof e.url === 'string' ? { url: e.url.replace(TOKEN_IN_URL, '/$1/$2/[token]') } : {}),
    ...(e.stack ? { stack: e.stack.replace(TOKEN_IN_URL, '/$1/$2/[token]') } : {}),
  };
}

/** Rethrows a Discord error as a PlatformRefusal when retrying cannot help. */
export function asRefusal(err: unknown, what: string): never {
  const code = apiCode(err);
  if (code !== undefined && REFUSALS[code]) throw new PlatformRefusal(REFUSALS[code], `${what}: ${(err as Error).message} (${code})`);
  throw err;
}
