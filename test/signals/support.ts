import { ShellPort } from '../../adapters/shell/port.ts';
import { startOpsServer } from '../../src/http.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import type { Playbook } from '../../src/playbook/schema.ts';
import { signedHeaders } from '../../src/security/signature.ts';
import { startSignals } from '../../src/signals/service.ts';
import { connectDb, makeCore, testClock } from '../support/core.ts';

export const SECRET = 'test-signals-secret-0123456789';

export type SignalInput = { source?: string; metric: string; value: number; at?: string | number; subject?: string; link?: string; dedup_key?: string };

/**
 * A core with the signals service on a loopback server, and the terminal as the monitoring
 * channel's platform: what the dispatcher prints is what the monitoring group reads.
 */
export async function signalsHarness(uri: string, opts: { playbook?: Playbook; start?: Date } = {}) {
  const clock = testClock(opts.start ?? new Date('2026-12-03T08:00:00Z'));
  const core = await makeCore(await connectDb(uri), { now: clock.now, playbook: opts.playbook });
  const signals = await startSignals(core, SECRET, { cron: false });
  const server = await startOpsServer(core, 0, '127.0.0.1');
  const lines: string[] = [];
  const port = new ShellPort((l) => lines.push(l), 'en', clock.now);
  const dispatcher = new Dispatcher(core, port);
  const url = `http://127.0.0.1:${server.port}/signals`;

  const body = (s: SignalInput) =>
    JSON.stringify({ source: 'media-monitor', at: clock.now().toISOString(), subject: 'Brand X', link: 'https://monitor.example/alerts/1', dedup_key: 'brand-x', ...s });

  /** POSTs a raw body with the headers given (or signed now with the secret). */
  async function postRaw(raw: string, headers?: Record<string, string>) {
    const res = await fetch(url, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', ...(headers ?? signedHeaders(SECRET, raw, clock.now())) } });
    return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string; field?: string; id?: string } };
  }

  return {
    core,
    clock,
    signals,
    lines,
    port,
    dispatcher,
    body,
    postRaw,
    send: (s: SignalInput) => postRaw(body(s)),
    /** Evaluates everything accepted and delivers what it recorded. */
    settle: async () => {
      await signals.evaluator.idle();
      await dispatcher.drain();
    },
    async close() {
      await server.close();
      await signals.stop();
      await dispatcher.stop();
      await core.db.close();
    },
  };
}
