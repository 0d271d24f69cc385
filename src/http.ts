import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from './core.ts';
import { pingDb } from './store/connect.ts';
import { signalsRoute } from './signals/service.ts';

// A probe that waits out the driver's server selection (10 s) would be killed by its own timeout
// first and read as a hung process rather than a missing database.
const PING_WITHIN_MS = 2000;

/** Whether the database answers a ping within PING_WITHIN_MS. */
async function databaseAnswers(core: Core): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PING_WITHIN_MS)));
  const ping = pingDb(core.db);
  try {
    return await Promise.race([ping, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`, `/metrics` and `POST /signals` (DESIGN.md contract), mounted beside `/slack/events` on PORT.
 * `/healthz` is 503 while the database does not answer a ping: the bot then records nothing.
 */
export function opsRoutes(core: Core) {
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        const db = await databaseAnswers(core);
        res.writeHead(db ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: db, db }));
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      // The registry holds current values (gauges are kept by src/metrics/gauges.ts): a scrape reads no database.
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        const registry = core.metrics?.registry;
        if (!registry) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('this process records no metrics\n');
          return;
        }
        const body = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(body);
      },
    },
    {
      // Monitoring signals (src/signals): 404 until the composition root starts the service.
      path: '/signals',
      method: 'POST',
      handler: (req: IncomingMessage, res: ServerResponse) => signalsRoute(core, req, res),
    },
  ];
}

/**
 * `/healthz` and `/metrics` on their own tiny server, for processes that serve no Slack HTTP
 * endpoint (Discord only, or Slack over Socket Mode).
 */
export async function startOpsServer(core: Core, port: number, host?: string): Promise<{ port: number; close(): Promise<void> }> {
  const routes = opsRoutes(core);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    route.handler(req, res).catch((err: unknown) => {
      core.log.error({ err, path }, 'ops route failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
