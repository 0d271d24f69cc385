// What every REST handler of the fake shares: the context, results, Discord-style failures, lookups.
import { E, type ApiError } from './limits.ts';
import { P, type FakeChannel, type FakeMessage, type FakeState } from './state.ts';

export type Obj = Record<string, unknown>;
export interface Result { status: number; body?: unknown }
export interface Ctx {
  state: FakeState; appId: string; gatewayUrl: string; now: () => number; dispatch: (t: string, d: unknown) => void;
  params: Record<string, string>; query: URLSearchParams; body: Obj;
  /** The multipart request's file parts (`files[n]`), when it had any (uploads.ts). */
  files?: FakeFile[];
}
export interface FakeFile { field: string; filename: string; contentType: string; bytes: Buffer }
export interface Route { method: string; pattern: string; auth: boolean; handler: (ctx: Ctx) => Result }

export const ok = (body?: unknown, status = 200): Result => ({ status, body });
export const noContent: Result = { status: 204 };
export class Fail extends Error { constructor(readonly error: ApiError) { super(error.body.message); } }
export const fail = (e: ApiError | null): void => { if (e) throw new Fail(e); };

export function channelOr404(ctx: Ctx, id = ctx.params.channel ?? ''): FakeChannel {
  const c = ctx.state.channels.get(id);
  if (!c) throw new Fail(E.unknownChannel());
  return c;
}
/** 50001 if the bot cannot see the channel, 50013 if it lacks any of `bits` (any one of `anyOf`). */
export function requirePerms(ctx: Ctx, c: FakeChannel, bits: bigint, anyOf = 0n): void {
  if (!c.guildId) return;
  const perms = ctx.state.channelPermissions(c.id, ctx.state.botUserId);
  if (!(perms & P.ViewChannel)) fail(E.missingAccess());
  if ((perms & bits) !== bits || (anyOf && !(perms & anyOf))) fail(E.missingPermissions());
}
export function messageOr404(ctx: Ctx, c: FakeChannel, id = ctx.params.message ?? ''): FakeMessage {
  const m = ctx.state.messages.get(id);
  if (!m || m.channelId !== c.id || m.ephemeral) throw new Fail(E.unknownMessage());
  return m;
}
