import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from './core.ts';

/** `/healthz` and `/metrics` (DESIGN.md contract), mounted beside `/slack/events` on PORT. */
export function opsRoutes(core: Core) {
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        const db = await core.db.conn.db!.admin().ping().then(() => true, () => false);
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
