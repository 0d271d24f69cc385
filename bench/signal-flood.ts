// The signal load of bench/signals.ts: 10,000 signed bodies and a keep-alive client that POSTs them.
// Used in the bench's own process (ingestion against the bare handler) and, for the Slack ack
// comparison, from bench/flood-driver.ts so that signing and sending the flood do not eat the bot's CPU.
import http from 'node:http';
import { signedHeaders } from '../src/security/signature.ts';

export const SIGNALS = 10_000;
export const RULES = 50;
export const IN_FLIGHT = 50;
export const SIGNALS_SECRET = 'bench-signals-secret-0123456789';

/** 10,000 bodies: every rule, 20 subjects each (many repeats of a dedup key), a third above threshold. */
export function bodies(): string[] {
  const at = new Date().toISOString();
  return Array.from({ length: SIGNALS }, (_, i) =>
    JSON.stringify({ source: 'bench', metric: `bench_${i % RULES}`, value: i % 3 === 0 ? 150 : 50, at, subject: `subject ${i % 20}`, dedup_key: `bench-${i % RULES}-${i % 20}`, link: `https://monitor.example/a/${i}` }),
  );
}

export type Flood = { latencies: number[]; seconds: number; statuses: [number, number][] };

/** POSTs every body, IN_FLIGHT at a time over keep-alive connections; each request's milliseconds. */
export async function flood(url: string, payloads: readonly string[]): Promise<Flood> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < payloads.length) {
      const body = payloads[next++]!;
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...signedHeaders(SIGNALS_SECRET, body) };
      const s = performance.now();
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
      latencies.push(performance.now() - s);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  agent.destroy();
  return { latencies, seconds: (performance.now() - t0) / 1000, statuses: [...statuses] };
}
