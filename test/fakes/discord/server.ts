// HTTP + WebSocket server of the fake Discord, bound to 127.0.0.1 on a random port.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeGateway } from './gateway.ts';
import { DEFAULT_UPLOAD_LIMIT, filesOf, tooLarge } from './uploads.ts';
import { E, apiError, type ApiError } from './limits.ts';
import { buildInteraction, defaultGuildSeed, IDS, roleObject, seedState, type GuildSeed, type InteractionSpec } from './payloads.ts';
import { Fail, routes, type Ctx, type Result } from './rest-routes.ts';
import { FakeState, type CallRecord, type InteractionResponseRecord } from './state.ts';

export interface FakeDiscordOptions {
  token?: string; applicationId?: string; botUserId?: string; botName?: string;
  guilds?: GuildSeed[]; heartbeatIntervalMs?: number;
  /** Clock used for interaction deadlines, timestamps, snowflakes and call records (default Date.now). */
  now?: () => number;
  /** Largest request with files the fake takes (default 10 MiB, a guild without boosts); larger ones get 413 / 40005. */
  uploadLimitBytes?: number;
}
/**
 * status (default 500) with Discord's error body; retryAfter (seconds) sends a 429 with the rate-limit
 * headers. executed: the request takes effect first (the message is stored) and the failure is
 * answered in its place — an ambiguous 5xx; with hangMs and no status, the real answer comes only
 * after hangMs, past the client's timeout (a request that timed out after it was executed).
 */
export interface FailureSpec { status?: number; code?: number; message?: string; retryAfter?: number; global?: boolean; times?: number; executed?: boolean; hangMs?: number }

/** `'POST /channels/:id/messages'`, `'/channels/*'` (any method) or `'*'`; `:x` and `*` match one path segment. */
export function matchRoute(pattern: string, method: string, path: string): Record<string, string> | null {
  if (pattern === '*') return {};
  const [m, p] = pattern.includes(' ') ? pattern.split(' ', 2) as [string, string] : ['*', pattern];
  if (m !== '*' && m.toUpperCase() !== method) return null;
  const want = p.split('/'), got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '', g = got[i] ?? '';
    if (w.startsWith(':')) params[w.slice(1)] = g;
    else if (w !== '*' && w !== g) return null;
  }
  return params;
}

function parseBody(raw: Buffer, contentType: string): Record<string, unknown> {
  if (!raw.length) return {};
  let text = raw.toString('utf8');
  if (contentType.startsWith('multipart/form-data')) {
    const m = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
    text = m?.[1] ?? '{}';
  }
  try { return JSON.parse(text) as Record<string, unknown>; } catch { return { _raw: text }; }
}

export class FakeDiscord {
  readonly state: FakeState;
  readonly gateway: FakeGateway;
  readonly calls: CallRecord[] = [];
  /** Emits 'call' with each CallRecord once its response is sent (benchmarks time responses with it). */
  readonly events = new EventEmitter();
  /**
   * Called with each REST call once it has taken effect (or failed) and before it is answered: a
   * test can kill the caller there, while the request is in flight (it dies without the answer).
   */
  afterExecute?: (call: CallRecord) => void;
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  /** Id of the first seeded guild. */
  readonly guildId: string;
  apiUrl = '';
  gatewayUrl = '';
  /** The upload limit (FakeDiscordOptions.uploadLimitBytes); a test may change it. */
  uploadLimitBytes: number;
  private readonly now: () => number;
  private readonly failures: { pattern: string; spec: FailureSpec; left: number }[] = [];
  private readonly latencies = new Map<string, number>();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(opts: FakeDiscordOptions = {}) {
    this.token = opts.token ?? 'FAKE.BOT.token';
    this.applicationId = opts.applicationId ?? IDS.app;
    this.botUserId = opts.botUserId ?? this.applicationId;
    this.now = opts.now ?? Date.now;
    this.uploadLimitBytes = opts.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT;
    this.state = new FakeState(this.botUserId);
    const seeds = opts.guilds ?? [defaultGuildSeed()];
    seedState(this.state, seeds, opts.botName ?? 'crisis-bot', new Date(this.now()).toISOString());
    this.guildId = seeds[0]?.id ?? '';
    this.gateway = new FakeGateway({
      state: this.state, token: this.token, appId: this.applicationId, heartbeatMs: opts.heartbeatIntervalMs ?? 41250,
      now: this.now, resumeUrl: () => this.gatewayUrl.replace(/\/gateway$/, '/resume'),
    });
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    return this;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  callsTo(method: string, pathPattern: string | RegExp): CallRecord[] {
    return this.calls.filter((c) => c.method === method.toUpperCase() &&
      (typeof pathPattern === 'string' ? matchRoute(pathPattern, c.method, c.path) !== null : pathPattern.test(c.path)));
  }
  clearCalls(): void { this.calls.length = 0; }

  /** Make the next `times` (default 1) requests matching `pattern` fail. `retryAfter` (seconds) sends a 429. */
  failNext(pattern: string, spec: FailureSpec): void {
    this.failures.push({ pattern, spec, left: spec.times ?? 1 });
  }
  setLatency(pattern: string, ms: number): void { this.latencies.set(pattern, ms); }

  /** Sets the bot's guild-level permissions (its managed role; @everyone is reduced to a subset of `bits`). */
  setBotPermissions(guildId: string, bits: bigint): void {
    const guild = this.state.guilds.get(guildId);
    const role = this.state.botRole(guildId);
    if (!guild || !role) throw new Error(`fake discord: unknown guild ${guildId}`);
    role.permissions = bits;
    const everyone = guild.roles.find((r) => r.id === guildId);
    if (everyone) everyone.permissions &= bits;
    for (const r of [role, everyone]) if (r) this.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role: roleObject(r) });
  }
  closeDms(userId: string): void {
    const u = this.state.users.get(userId);
    if (!u) throw new Error(`fake discord: unknown user ${userId}`);
    u.dmsClosed = true;
  }

  dispatch(t: string, d: unknown): void { this.gateway.dispatch(t, d); }

  /** Dispatch an INTERACTION_CREATE; the returned id/token identify it in `interactionResponse`. */
  dispatchInteraction(spec: InteractionSpec): { id: string; token: string; payload: Record<string, unknown> } {
    const { record, payload } = buildInteraction(this.state, this.applicationId, spec, this.now());
    this.state.interactions.set(record.id, record);
    this.dispatch('INTERACTION_CREATE', payload);
    return { id: record.id, token: record.token, payload };
  }
  interactionResponse(id: string): InteractionResponseRecord | undefined {
    return this.state.interactions.get(id)?.response ?? undefined;
  }
  disconnect(code = 4000): Promise<void> { return this.gateway.disconnect(code); }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10(?=\/)/, '');
    const raw = Buffer.concat(chunks);
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    const files = await filesOf(raw, String(req.headers['content-type'] ?? ''));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = k === 'authorization' ? String(v).replace(/ .*$|^[^ ]+$/, ' [redacted]').trim() : String(v);
    const record: CallRecord = { method, path, query: Object.fromEntries(url.searchParams), headers, body: Array.isArray(body) || !('_raw' in body) ? body : body._raw, status: 0, at: this.now() };
    this.calls.push(record);

    let result: Result | ApiError, extraHeaders: Record<string, string> = {};
    const route = url.pathname.startsWith('/api/v10/') ? routes.map((r) => ({ r, params: r.method === method ? matchRoute(r.pattern, method, path) : null })).find((x) => x.params) : undefined;
    const latency = [...this.latencies].find(([p]) => matchRoute(p, method, path))?.[1];
    const failure = this.failures.find((f) => f.left > 0 && matchRoute(f.pattern, method, path));
    if (!route) result = E.notFound();
    else if (files.length && raw.length > this.uploadLimitBytes) result = tooLarge();
    else if (route.r.auth && req.headers.authorization !== `Bot ${this.token}`) result = E.unauthorized();
    else if (failure && !failure.spec.executed) {
      failure.left--;
      const { spec } = failure;
      if (spec.retryAfter !== undefined) {
        const ra = spec.retryAfter;
        result = { status: spec.status || 429, body: { message: 'You are being rate limited.', retry_after: ra, global: spec.global ?? false, ...(spec.code ? { code: spec.code } : {}) } };
        extraHeaders = {
          'retry-after': String(ra), 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': ((Date.now() + ra * 1000) / 1000).toFixed(3), 'x-ratelimit-reset-after': String(ra),
          'x-ratelimit-bucket': 'fake-bucket-' + route.r.pattern.replace(/\W+/g, '-'), 'x-ratelimit-scope': spec.global ? 'global' : 'user',
          ...(spec.global ? { 'x-ratelimit-global': 'true' } : {}),
        };
      } else result = injected(spec);
    } else {
      const ctx: Ctx = {
        state: this.state, appId: this.applicationId, gatewayUrl: this.gatewayUrl, now: this.now,
        dispatch: (t, d) => this.dispatch(t, d), params: route.params ?? {}, query: url.searchParams, body, ...(files.length ? { files } : {}),
      };
      try { result = route.r.handler(ctx); } catch (e) {
        if (!(e instanceof Fail)) console.error('fake discord: handler crashed', e);
        result = e instanceof Fail ? e.error : apiError(500, 0, '500: Internal Server Error');
      }
      if (failure?.spec.executed) {
        failure.left--;
        record.executed = true;
        if (failure.spec.status || !failure.spec.hangMs) result = injected(failure.spec);
      }
    }
    record.status = result.status;
    this.afterExecute?.(record);
    const hang = failure?.spec.executed ? failure.spec.hangMs : undefined;
    if (latency || hang) await sleep((latency ?? 0) + (hang ?? 0));
    record.status = result.status;
    const payload = result.body === undefined || result.status === 204 ? '' : JSON.stringify(result.body);
    // A client that timed out has gone: the answer goes nowhere, as on the real network.
    if (!res.destroyed) {
      res.writeHead(result.status, { ...(payload ? { 'content-type': 'application/json' } : {}), ...extraHeaders });
      res.end(payload);
    }
    this.events.emit('call', record);
  }
}

function injected(spec: FailureSpec): ApiError {
  const status = spec.status ?? 500;
  return apiError(status, spec.code ?? 0, spec.message ?? `${status}: Injected failure`);
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(opts).listen();
}
