// With the production database settings (a 10 s server selection timeout) and the database gone,
// Slack still gets its answers inside its 3-second windows: the fake Slack of this file drops an
// envelope that is not acked within 3 s as Slack does, and the adapter keeps its own 2 s budget.
// The answer a person sees is the honest one in the ack itself — the form stays open with the
// error on its first field — not the "working on it" notice of an ack sent ahead of the answer.
import { afterAll, describe, expect, it } from 'vitest';
import { answering, outageProxy, type OutageProxy } from '../outage-proxy.ts';
import { type Harness, KEY, pickerValue, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const proxies: OutageProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.stop();
});

const UNREACHABLE = 'could not be recorded — the database is unreachable; nothing was saved yet';

/** Socket Mode with Slack's own 3 s ack window, the adapter's default budget, and the driver's default timeouts. */
async function production() {
  let proxy!: OutageProxy;
  const h = await harness({
    mode: 'socket',
    fake: { ackTimeoutMs: 3000 },
    slack: { ackBudgetMs: 2000 },
    db: { via: async (uri) => (proxy = await outageProxy(uri)).uri },
  });
  proxies.push(proxy);
  return { h, proxy };
}

/** Cuts the database and lets the driver see it gone (one failed call): from then on it knows no server. */
async function cut(h: Harness, proxy: OutageProxy): Promise<void> {
  proxy.cut();
  await expect(h.db.conn.db!.admin().ping()).rejects.toThrow();
}

const fire = (h: Harness) => ({ title: 'Warehouse fire', type: 'safety-accident', started_at: pickerValue(h, 5), location: 'Dock 4' });

describe('Slack during a database outage, with the production timeouts', () => {
  it('a raise submitted is acked in time with the error on its first field, and records once when the database is back', async () => {
    const { h, proxy } = await production();
    await h.command('raise Warehouse fire');
    await h.settled();
    await cut(h, proxy);
    // A second submission too: each one meets the outage on its own, neither waits out the driver.
    for (let i = 0; i < 2; i++) {
      const refused = await h.submit(fire(h));
      expect(refused.body).toMatchObject({ response_action: 'errors', errors: { title: expect.stringContaining(UNREACHABLE) } });
    }
    await h.settled();
    expect(h.fake.callsTo('views.update')).toHaveLength(0);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(0);
    proxy.restore();
    await answering(h.db.conn);
    const again = await h.submit(fire(h));
    await h.settled();
    expect(shown((again.body as { view: { blocks: unknown } }).view.blocks)).toContain(`${KEY} raised: Warehouse fire`);
    expect((await h.timeline()).filter((e) => e.type === 'incident.raised')).toHaveLength(1);
  });

  it('a command is acked in time and answers that the database is unreachable; /healthz says 503', async () => {
    const { h, proxy } = await production();
    await cut(h, proxy);
    const ack = await h.command(`status ${KEY}`);
    expect(ack.status).toBe(200);
    await h.settled();
    expect(JSON.stringify(h.fake.responses.at(-1)!.body)).toContain('The database is unreachable, so nothing was done. Try again in a moment.');
    const health = await fetch(`http://127.0.0.1:${(h.slack.server!.address() as { port: number }).port}/healthz`);
    expect(health.status).toBe(503);
    proxy.restore();
    await answering(h.db.conn);
    await h.command(`status ${KEY}`);
    await h.settled();
    expect(JSON.stringify(h.fake.responses.at(-1)!.body)).not.toContain('unreachable');
  });
});
