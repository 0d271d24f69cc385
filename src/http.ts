import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from './core.ts';
import { OPEN_STATUSES } from './domain/lifecycle.ts';

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
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        const [open, pending, failed] = await Promise.all([
          core.db.m.Incident.countDocuments({ status: { $in: OPEN_STATUSES } }),
          core.db.m.Outbox.countDocuments({ status: 'pending' }),
          core.db.m.Outbox.countDocuments({ status: 'failed' }),
        ]);
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(
          [
            '# TYPE crisis_incidents_open gauge',
            `crisis_incidents_open ${open}`,
            '# TYPE crisis_outbox_pending gauge',
            `crisis_outbox_pending ${pending}`,
            '# TYPE crisis_outbox_failed gauge',
            `crisis_outbox_failed ${failed}`,
            '# TYPE process_resident_memory_bytes gauge',
            `process_resident_memory_bytes ${process.memoryUsage().rss}`,
            '',
          ].join('\n'),
        );
      },
    },
  ];
}
