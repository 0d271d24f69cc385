// Socket Mode side of the fake: ws endpoint '/link/?ticket=…' on the fake's own HTTP port.
// apps.connections.open issues one-shot tickets; a connection with an unknown ticket is refused.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';
export interface AckMessage {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** How long an envelope waits for a connection when there is none (Slack redelivers to the next one). */
const RECONNECT_WAIT_MS = 10_000;

export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<string, (ack: AckMessage) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Every connection ever accepted. */
  totalConnections = 0;

  constructor(
    private readonly baseWsUrl: () => string,
    private readonly appId: string,
    /** Slack shows an error when the app does not ack within 3 s. */
    private readonly ackTimeoutMs = 3000,
  ) {}

  /** Currently open connections. */
  get connections(): number {
    return this.sockets.length;
  }

  newUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.baseWsUrl()}link/?ticket=${ticket}&app_id=${this.appId}`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    if (url.pathname !== '/link/' || !this.tickets.delete(url.searchParams.get('ticket') ?? '')) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.push(ws);
    this.totalConnections++;
    ws.on('close', () => this.sockets.splice(this.sockets.indexOf(ws) >>> 0, 1));
    ws.on('message', (data) => {
      let msg: AckMessage;
      try {
        msg = JSON.parse(String(data)) as AckMessage;
      } catch {
        return;
      }
      this.pending.get(msg.envelope_id)?.(msg);
    });
    ws.send(JSON.stringify({
      type: 'hello', num_connections: this.sockets.length,
      debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.appId },
    }));
  }

  /** Sends an envelope on the newest connection and resolves with the app's ack message. */
  async sendEnvelope(type: EnvelopeType, payload: unknown, opts: { retry_attempt?: number; retry_reason?: string } = {}): Promise<AckMessage> {
    // Between a dropped connection and the client's reconnect (it drops one whose pongs come late,
    // as on a loaded machine) Slack holds the envelope for the next connection: so does the fake.
    const ws = this.sockets.at(-1) ?? (await this.nextConnection(RECONNECT_WAIT_MS));
    if (!ws) throw new Error('fake Slack: no Socket Mode connection');
    const envelope_id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope_id);
        reject(new Error(`fake Slack: no ack for ${type} envelope within ${this.ackTimeoutMs} ms`));
      }, this.ackTimeoutMs);
      this.pending.set(envelope_id, (ack) => {
        clearTimeout(timer);
        this.pending.delete(envelope_id);
        resolve(ack);
      });
      // Per Slack's docs, events_api envelopes carry accepts_response_payload:false.
      ws.send(JSON.stringify({ envelope_id, type, accepts_response_payload: type !== 'events_api', payload, ...opts }));
    });
  }

  private async nextConnection(withinMs: number): Promise<WebSocket | undefined> {
    for (const until = Date.now() + withinMs; Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 50));
      if (this.sockets.length) return this.sockets.at(-1);
    }
    return undefined;
  }

  /**
   * Tells every client to go away ('refresh_requested' | 'link_disabled' | 'warning'). The client
   * closes by itself; a connection still open after `graceMs` is closed by the fake.
   */
  disconnect(reason: string, graceMs = 1000): void {
    for (const ws of [...this.sockets]) {
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }));
      this.timers.add(setTimeout(() => ws.close(1000), graceMs));
    }
  }

  /** Closes open connections with a close handshake (terminating after 300 ms), then the server. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await Promise.all(this.sockets.map((ws) => new Promise<void>((resolve) => {
      const kill = setTimeout(() => ws.terminate(), 300);
      ws.once('close', () => {
        clearTimeout(kill);
        resolve();
      });
      ws.close(1001);
    })));
    this.wss.close();
  }
}
