import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../../src/core.ts';
import type { Playbook } from '../../src/playbook/schema.ts';
import type { AnnouncementChannel } from '../../src/playbook/statements.ts';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

export type Received = { body: string; json: Record<string, unknown>; verified: boolean };

/**
 * A statement receiver on 127.0.0.1 that checks each request the way the README's snippet does
 * (its own HMAC, not the bot's module). `answers` is the status of each next request (then 200).
 */
export async function webhookReceiver(answers: number[] = []) {
  const received: Received[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempts++;
      const status = answers.shift() ?? 200;
      if (status === 200) {
        const body = Buffer.concat(chunks).toString('utf8');
        const ts = String(req.headers['x-crisis-timestamp']);
        const expected = 'v1=' + createHmac('sha256', WEBHOOK_SECRET).update(`${ts}.${body}`).digest('hex');
        const given = String(req.headers['x-crisis-signature']);
        const verified = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
        received.push({ body, json: JSON.parse(body) as Record<string, unknown>, verified });
        res.writeHead(verified ? 200 : 401).end();
      } else res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 422 ? 'statement text missing a field we need' : 'down for maintenance');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/crisis`;
  return { url, received, attempts: () => attempts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The core with these announcement channels added and the webhook secret set. */
export function withChannels(core: Core, channels: AnnouncementChannel[], secret: string | undefined = WEBHOOK_SECRET): Core {
  const statements = core.playbook.statements!;
  const playbook: Playbook = { ...core.playbook, statements: { ...statements, channels: [...statements.channels, ...channels] } };
  return { ...core, playbook, webhookSecret: secret };
}
