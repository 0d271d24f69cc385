// Fake Discord Gateway: plain JSON text frames (discord.js without zlib-sync uses no compression).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { guildCreatePayload, readyPayload } from './payloads.ts';
import type { FakeState } from './state.ts';

export interface GatewayFrame { dir: 'in' | 'out'; op: number; t: string | null; s: number | null; d: unknown; at: number }
interface Dispatched { s: number; t: string; d: unknown }
interface Session { id: string; seq: number; log: Dispatched[]; intents: number; shard: [number, number]; conn: Conn | null }
interface Conn { ws: WebSocket; session: Session | null }

/** Intent a dispatch needs (Discord's intent table; only the events this fake sends). */
function neededIntent(t: string, d: unknown): number {
  if (t.startsWith('MESSAGE_')) return (d as { guild_id?: string }).guild_id ? 1 << 9 : 1 << 12;
  if (t.startsWith('CHANNEL_') || t.startsWith('GUILD_') || t.startsWith('THREAD_')) return 1;
  return 0;
}

export class FakeGateway {
  /** Every frame received (token redacted) and sent, in order. */
  readonly frames: GatewayFrame[] = [];
  /** URL (path + query) of every WebSocket connection made. */
  readonly connections: string[] = [];
  readonly sessions = new Map<string, Session>();
  private readonly conns = new Set<Conn>();
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(private readonly o: {
    state: FakeState; token: string; appId: string; heartbeatMs: number; now: () => number; resumeUrl: () => string;
  }) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Conn = { ws, session: null };
      this.conns.add(conn);
      this.connections.push(req.url ?? '');
      ws.on('message', (raw, isBinary) => this.onFrame(conn, isBinary ? '' : raw.toString()));
      ws.on('close', () => {
        this.conns.delete(conn);
        if (conn.session?.conn === conn) conn.session.conn = null;
      });
      this.send(conn, { op: 10, d: { heartbeat_interval: this.o.heartbeatMs }, s: null, t: null });
    });
  }

  private send(conn: Conn, frame: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    const full = { t: frame.t ?? null, s: frame.s ?? null, op: frame.op, d: frame.d };
    this.frames.push({ dir: 'out', ...full, at: this.o.now() });
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(full));
  }

  private toSession(session: Session, t: string, d: unknown): number {
    const needed = neededIntent(t, d);
    if (needed && !(session.intents & needed)) return session.seq;
    const ev = { s: ++session.seq, t, d };
    session.log.push(ev);
    if (session.conn) this.send(session.conn, { op: 0, ...ev });
    return ev.s;
  }

  /** Dispatch an event to every session; while a session is disconnected it is kept for RESUME replay. */
  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions.values()) this.toSession(session, t, d);
  }

  private onFrame(conn: Conn, text: string): void {
    let msg: { op?: number; d?: Record<string, unknown> | number | null };
    try { msg = JSON.parse(text) as typeof msg; } catch { conn.ws.close(4002, 'Error while decoding payload.'); return; }
    const d = msg.d && typeof msg.d === 'object' ? msg.d : null;
    this.frames.push({ dir: 'in', op: msg.op ?? -1, t: null, s: null, d: d && 'token' in d ? { ...d, token: '[redacted]' } : msg.d, at: this.o.now() });
    switch (msg.op) {
      case 1: return this.send(conn, { op: 11, d: null });
      case 2: {
        if (conn.session) return conn.ws.close(4005, 'Already authenticated.');
        if (d?.token !== this.o.token) return conn.ws.close(4004, 'Authentication failed.');
        const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number];
        const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, log: [], intents: Number(d.intents ?? 0), shard, conn };
        this.sessions.set(session.id, session);
        conn.session = session;
        const state = this.o.state;
        this.toSession(session, 'READY', readyPayload(state, { sessionId: session.id, resumeUrl: this.o.resumeUrl(), appId: this.o.appId, shard }));
        for (const g of state.guilds.values()) this.toSession(session, 'GUILD_CREATE', guildCreatePayload(state, g));
        return;
      }
      case 6: {
        if (d?.token !== this.o.token) return conn.ws.close(4004, 'Authentication failed.');
        const session = this.sessions.get(String(d.session_id));
        if (!session) return this.send(conn, { op: 9, d: false });
        session.conn?.ws.close(4000, 'Session resumed elsewhere');
        session.conn = conn;
        conn.session = session;
        for (const ev of session.log) if (ev.s > Number(d.seq ?? 0)) this.send(conn, { op: 0, ...ev });
        this.toSession(session, 'RESUMED', {});
        return;
      }
      case 3: case 4: case 8: return; // presence / voice / request members: accepted, ignored
      default: conn.ws.close(4001, 'Unknown opcode.');
    }
  }

  /** Drop every connection with `code` (4000 = unknown error, resumable). Resolves when the sockets have closed. */
  async disconnect(code = 4000, reason = 'Unknown error'): Promise<void> {
    await Promise.all([...this.conns].map((c) => new Promise<void>((resolve) => {
      if (c.session?.conn === c) c.session.conn = null;
      c.ws.once('close', () => resolve());
      c.ws.close(code, reason);
    })));
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
