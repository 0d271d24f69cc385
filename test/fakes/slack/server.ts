// The fake's HTTP side: POST /api/<method> (Web API), POST /response/<id> (response_url), and the
// Socket Mode websocket upgrade. Failure injection (fail/latency/down/rate limits) happens here.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Ctx, METHODS, SlackApiError } from './methods/index.ts';
import { PayloadBuilder } from './payloads.ts';
import { type SendOptions, type SendResult, sendEvent, sendForm, sendInteraction } from './signer.ts';
import { SocketModeServer } from './socket-mode.ts';
import { receiveUpload } from './uploads.ts';
import { FakeState, type RecordedCall, type RecordedResponse } from './state.ts';

export const DEFAULT_SCOPES = [
  'commands', 'chat:write', 'channels:manage', 'groups:write', 'im:write', 'users:read', 'users:read.email', 'channels:read', 'groups:read', 'pins:write',
  'channels:history', 'groups:history', 'im:history', 'files:write',
];

export interface FakeSlackOptions {
  botToken?: string; appToken?: string; teamId?: string; botUserId?: string; botId?: string; appId?: string;
  /** Bot token scopes (default DEFAULT_SCOPES). */
  scopes?: string[];
  /** Clock in ms, used for trigger expiry, ts values, rate limits and down(ms). */
  now?: () => number;
  /** Socket Mode ack deadline (default 3000 ms, as Slack). */
  ackTimeoutMs?: number;
  /** The workspace's file upload limit in bytes (files.getUploadURLExternal answers file_upload_size_restricted above it). */
  maxUploadBytes?: number;
}
/**
 * status: HTTP status (5xx); retryAfter: seconds -> 429 + Retry-After (keep 0 or 1: real clients sleep).
 * executed: the call takes effect first (a message is stored) and the failure is answered in its
 * place — Slack's ambiguous 5xx; with hangMs and no status, the real answer comes after hangMs,
 * past the client's timeout (a call that timed out after it was executed). drop (with executed):
 * the connection is closed with no answer at all, as when a load balancer or the network cuts it
 * after Slack acted.
 */
export interface FailSpec { error?: string; status?: number; retryAfter?: number; times?: number; executed?: boolean; hangMs?: number; drop?: boolean }
type Answer = { status: number; payload: Json; headers?: Record<string, string>; delayMs?: number; executed?: boolean; drop?: boolean };

type Json = Record<string, unknown>;
export const tryJson = (v: string): unknown => {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

function parseArgs(headers: IncomingHttpHeaders, body: string, query: URLSearchParams): { args: Json; token?: string } {
  const isJson = (headers['content-type'] ?? '').startsWith('application/json') && body;
  const args: Json = { ...Object.fromEntries(query), ...(isJson ? (JSON.parse(body) as Json) : Object.fromEntries(new URLSearchParams(body))) };
  // Left as a string when unparsable: the method then answers invalid_blocks_format / invalid_arguments.
  for (const k of ['blocks', 'view', 'attachments', 'metadata']) if (typeof args[k] === 'string') args[k] = tryJson(args[k]);
  const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  return { args, token };
}

export class FakeSlack {
  readonly botToken: string; readonly appToken: string;
  readonly teamId: string; readonly botUserId: string; readonly botId: string; readonly appId: string;
  readonly scopes: Set<string>;
  readonly state: FakeState;
  readonly socketMode: SocketModeServer;
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  /**
   * Called with each Web API call once it has taken effect and is recorded, before it is answered:
   * a test can kill the caller there (it dies without hearing the answer, as in a crash).
   */
  afterCall?: (call: RecordedCall) => void;
  private readonly server: Server;
  private readonly now: () => number;
  private readonly payloads: PayloadBuilder;
  private readonly fails = new Map<string, Required<Pick<FailSpec, 'times'>> & FailSpec>();
  private readonly latency = new Map<string, number>();
  private readonly limits = new Map<string, { perSecond: number; hits: number[] }>();
  private downUntil = 0;
  private port = 0;
  /** The upload limit (FakeSlackOptions.maxUploadBytes); a test may change it. */
  maxUploadBytes?: number;

  constructor(opts: FakeSlackOptions = {}) {
    ({ botToken: this.botToken = 'xoxb-1111-2222-fakebottoken', appToken: this.appToken = 'xapp-1-A0CRISIS-3333-fakeapptoken' } = opts);
    ({ teamId: this.teamId = 'T0CRISIS', botUserId: this.botUserId = 'U0BOT', botId: this.botId = 'B0BOT', appId: this.appId = 'A0CRISIS' } = opts);
    this.scopes = new Set(opts.scopes ?? DEFAULT_SCOPES);
    this.now = opts.now ?? Date.now;
    this.maxUploadBytes = opts.maxUploadBytes;
    this.state = new FakeState({ teamId: this.teamId, botUserId: this.botUserId, botId: this.botId, appId: this.appId }, this.now);
    // #general: every default human is in it, the bot is not.
    this.state.addChannel({ id: 'C0GENERAL', name: 'general', members: ['U0WEI', 'U0CAROL'] });
    this.socketMode = new SocketModeServer(() => `ws://127.0.0.1:${this.port}/`, this.appId, opts.ackTimeoutMs);
    this.payloads = new PayloadBuilder(this.state, () => this.newResponseUrl());
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head: Buffer) => this.socketMode.handleUpgrade(req, socket, head));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  async stop(): Promise<void> {
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get url(): string { return `http://127.0.0.1:${this.port}/`; }
  get apiUrl(): string { return `${this.url}api/`; }

  // ---- state shortcuts
  get users() { return this.state.users; }
  get channels() { return this.state.channels; }
  get messages() { return this.state.messages; }
  get ephemerals() { return this.state.ephemerals; }
  get views() { return this.state.views; }
  addUser(u: Parameters<FakeState['addUser']>[0]) { return this.state.addUser(u); }
  addChannel(c: Parameters<FakeState['addChannel']>[0]) { return this.state.addChannel(c); }
  issueTriggerId(opts?: { viewId?: string }): string { return this.state.issueTriggerId(opts); }
  newResponseUrl(): string { return `${this.url}response/${randomUUID()}`; }

  callsTo(method: string): RecordedCall[] { return this.calls.filter((c) => c.method === method); }
  clearCalls(): void { this.calls.length = 0; }

  // ---- failure injection
  fail(method: string, spec: FailSpec = {}): void { this.fails.set(method, { times: 1, ...spec }); }
  setLatency(method: string, ms: number): void { this.latency.set(method, ms); }
  /** Every method answers 503 until up() (or for `ms` ms). */
  down(ms?: number): void { this.downUntil = ms === undefined ? Infinity : this.now() + ms; }
  up(): void { this.downUntil = 0; }
  /** Over the limit -> 429 with Retry-After: 1. `null` removes the limit. */
  rateLimit(method: string, limit: { perSecond: number } | null): void {
    void (limit ? this.limits.set(method, { perSecond: limit.perSecond, hits: [] }) : this.limits.delete(method));
  }

  // ---- payload builders and the signed driver
  slashCommand(f?: Record<string, string>) { return this.payloads.slashCommand(f); }
  buttonClick(a: Parameters<PayloadBuilder['buttonClick']>[0]) { return this.payloads.buttonClick(a); }
  viewSubmission(a: Parameters<PayloadBuilder['viewSubmission']>[0]) { return this.payloads.viewSubmission(a); }
  shortcut(a: Parameters<PayloadBuilder['shortcut']>[0]) { return this.payloads.shortcut(a); }
  viewClosed(a: Parameters<PayloadBuilder['viewClosed']>[0]) { return this.payloads.viewClosed(a); }
  eventCallback(event: Json) { return this.payloads.eventCallback(event); }
  /** Fields default from the fake's state; trigger_id and response_url are issued by the fake. */
  sendSlashCommand(url: string, secret: string, fields: Record<string, string> = {}, o?: SendOptions): Promise<SendResult> {
    return sendForm(url, secret, this.slashCommand(fields), o);
  }
  sendInteraction(url: string, secret: string, payload: unknown, o?: SendOptions): Promise<SendResult> { return sendInteraction(url, secret, payload, o); }
  sendEvent(url: string, secret: string, event: Json, o?: SendOptions): Promise<SendResult> { return sendEvent(url, secret, this.eventCallback(event), o); }

  // ---- HTTP
  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = this.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const body = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, payload: Json, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(payload));
    };
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      this.responses.push({ id: url.pathname.slice('/response/'.length), body: tryJson(body), at: this.now() });
      return send(200, { ok: true });
    }
    if (req.method === 'POST' && url.pathname.startsWith('/upload/v1/')) {
      const answer = await receiveUpload(this.state, url.pathname.slice('/upload/v1/'.length), raw, String(req.headers['content-type'] ?? ''));
      this.calls.push({ method: 'upload', args: { file_id: url.pathname.slice('/upload/v1/'.length), bytes: raw.length }, receivedAt, at: this.now(), ok: answer.status === 200, status: answer.status });
      return void res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    }
    if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
    const method = url.pathname.slice('/api/'.length);
    let parsed: { args: Json; token?: string } = { args: {} };
    let result: ReturnType<FakeSlack['dispatch']>;
    try {
      parsed = parseArgs(req.headers, body, url.searchParams);
      const wait = this.latency.get(method) ?? this.latency.get('*');
      if (wait) await sleep(wait);
      result = this.dispatch(method, parsed.args, parsed.token);
    } catch (e) {
      result = e instanceof SyntaxError ? { status: 200, payload: { ok: false, error: 'invalid_json' } } : { status: 500, payload: { ok: false, error: `fake_slack_bug: ${String(e)}` } };
    }
    const { status, payload, headers, delayMs, executed, drop } = result;
    const call: RecordedCall = { method, args: parsed.args, token: parsed.token, receivedAt, at: this.now(), ok: payload.ok === true, status, ...(payload.ok ? {} : { error: String(payload.error) }), ...(executed ? { executed } : {}) };
    // Which of several bot processes made the call (a test's own header; real Slack sees none).
    const client = req.headers['x-fake-client'];
    if (typeof client === 'string') call.client = client;
    this.calls.push(call);
    this.afterCall?.(call);
    if (delayMs) {
      await sleep(delayMs);
      call.at = this.now();
    }
    if (drop) {
      call.status = 0;
      return void req.socket.destroy();
    }
    // The client may have given up meanwhile (its timeout): the answer then goes nowhere, as on the real network.
    if (!res.destroyed) send(status, payload, headers);
  }

  private dispatch(method: string, args: Json, token?: string): Answer {
    if (this.now() < this.downUntil) return { status: 503, payload: { ok: false, error: 'service_unavailable' } };
    const f = this.fails.get(method);
    if (f) {
      if (--f.times <= 0) this.fails.delete(method);
      if (f.executed) {
        const done = this.execute(method, args, token);
        if (f.drop) return { ...done, executed: true, drop: true };
        if (f.hangMs && !f.status) return { ...done, delayMs: f.hangMs, executed: true };
        return { status: f.status ?? 500, payload: { ok: false, error: f.error ?? 'internal_error' }, delayMs: f.hangMs, executed: true };
      }
      if (f.retryAfter !== undefined) return { status: 429, payload: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(f.retryAfter) } };
      return { status: f.status ?? 200, payload: { ok: false, error: f.error ?? (f.status ? 'internal_error' : 'fatal_error') } };
    }
    const limit = this.limits.get(method);
    if (limit) {
      const t = this.now();
      limit.hits = limit.hits.filter((h) => t - h < 1000);
      if (limit.hits.length >= limit.perSecond) return { status: 429, payload: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } };
      limit.hits.push(t);
    }
    return this.execute(method, args, token);
  }

  private execute(method: string, args: Json, token?: string): Answer {
    const ok = (payload: Json) => ({ status: 200, payload });
    const def = METHODS[method];
    if (!def) return ok({ ok: false, error: 'unknown_method' });
    if (!token) return ok({ ok: false, error: 'not_authed' });
    const kind = token === this.botToken ? 'bot' : token === this.appToken ? 'app' : undefined;
    if (!kind) return ok({ ok: false, error: 'invalid_auth' });
    if (kind !== (def.token ?? 'bot')) return ok({ ok: false, error: 'not_allowed_token_type' });
    const ctx: Ctx = { state: this.state, scopes: this.scopes, socketUrl: () => this.socketMode.newUrl(), uploadUrl: (id) => `${this.url}upload/v1/${id}`, maxUploadBytes: this.maxUploadBytes };
    const needed = kind === 'bot' ? (typeof def.scope === 'function' ? def.scope(args, ctx) : def.scope) : undefined;
    if (needed && !this.scopes.has(needed)) return ok({ ok: false, error: 'missing_scope', needed, provided: [...this.scopes].join(',') });
    try {
      return ok({ ok: true, ...def.run(args, ctx) });
    } catch (e) {
      if (e instanceof SlackApiError) return ok({ ok: false, error: e.error, ...e.extra });
      throw e;
    }
  }
}
