// The database goes away under the Slack adapter: a submitted form stays open with what was typed
// and says nothing was recorded; commands and /healthz say the database is unreachable; once it is
// back, the same form submitted again records once.
import { afterAll, describe, expect, it } from 'vitest';
import { answering, outageProxy, type OutageProxy } from '../outage-proxy.ts';
import { type Harness, KEY, pickerValue, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const proxies: OutageProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.stop();
});

const UNREACHABLE = 'could not be recorded — the database is unreachable; nothing was saved yet';

/** A harness whose database can be cut (300 ms to notice, not the driver's 10 s). */
async function withOutage(slack: Parameters<typeof harness>[0] = {}) {
  let proxy!: OutageProxy;
  const h = await harness({
    ...slack,
    db: { serverSelectionTimeoutMS: 300, via: async (uri) => (proxy = await outageProxy(uri)).uri },
  });
  proxies.push(proxy);
  return { h, proxy };
}

const fire = (h: Harness) => ({ title: 'Warehouse fire', type: 'safety-accident', started_at: pickerValue(h, 5), location: 'Dock 4' });
const viewOf = (h: Harness) => h.fake.views.get(h.lastViewId()) as unknown as { view: { blocks: { block_id?: string; element?: { initial_value?: string } }[] } };
const initialValue = (h: Harness, block: string) => viewOf(h).view.blocks.find((b) => b.block_id === block)?.element?.initial_value;

describe('Slack with the database unreachable', () => {
  it('a raise keeps the modal open with an error on its first field, creates nothing, and records once when submitted again', async () => {
    const { h, proxy } = await withOutage();
    await h.command('raise Warehouse fire');
    await h.settled();
    proxy.cut();
    const refused = await h.submit(fire(h));
    await h.settled();
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { title: expect.stringContaining(UNREACHABLE) } });
    expect(JSON.stringify(refused.body)).not.toMatch(/raised|Setting up|nothing you entered was lost/);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(0);
    proxy.restore();
    await answering(h.db.conn);
    const again = await h.submit(fire(h));
    await h.settled();
    expect(shown((again.body as { view: { blocks: unknown } }).view.blocks)).toContain(`${KEY} raised: Warehouse fire`);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
    expect((await h.timeline()).filter((e) => e.type === 'incident.raised')).toHaveLength(1);
  });

  it('an update keeps its text in the modal while the database is down, and is posted once after it returns', async () => {
    const { h, proxy } = await withOutage();
    await h.raise(fire(h));
    await h.command(`update ${KEY}`);
    await h.settled();
    proxy.cut();
    const refused = await h.submit({ text: 'Fire contained on floor 2' });
    await h.settled();
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { text: expect.stringContaining(UNREACHABLE) } });
    proxy.restore();
    await answering(h.db.conn);
    const again = await h.submit({ text: 'Fire contained on floor 2' });
    await h.settled();
    expect(shown((again.body as { view: { blocks: unknown } }).view.blocks)).toContain(`Update 1 of ${KEY} posted`);
    expect((await h.timeline()).filter((e) => e.type === 'status.update')).toHaveLength(1);
  });

  it('after an early ack the modal is put back filled in with the notice, and submitting it as shown records once', async () => {
    const { h, proxy } = await withOutage({ slack: { ackBudgetMs: 0 } });
    await h.command('raise Warehouse fire');
    await h.settled();
    proxy.cut();
    // One failed call tells the driver; after it each call waits out server selection, so the early ack always goes first.
    await expect(h.db.conn.db!.admin().ping()).rejects.toThrow();
    const early = await h.submit(fire(h));
    expect(early.body).toMatchObject({ response_action: 'update' });
    await h.settled();
    const restored = h.fake.callsTo('views.update').at(-1)!.args.view as { blocks: unknown; private_metadata: string };
    expect(shown(restored.blocks)).toContain(UNREACHABLE);
    expect(initialValue(h, 'title')).toBe('Warehouse fire');
    expect(initialValue(h, 'location')).toBe('Dock 4');
    expect(h.fake.callsTo('conversations.create')).toHaveLength(0);
    proxy.restore();
    await answering(h.db.conn);
    // Nothing retyped: the modal submits what it shows.
    await h.submit({});
    await h.settled();
    expect(shown((h.fake.callsTo('views.update').at(-1)!.args.view as { blocks: unknown }).blocks)).toContain(`${KEY} raised: Warehouse fire`);
    expect(await h.incident()).toMatchObject({ key: KEY, location: 'Dock 4' });
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
  });

  it('a command answers that the database is unreachable, and /healthz is 503 until it is back', async () => {
    const { h, proxy } = await withOutage();
    const health = () => fetch(h.url.replace('/slack/events', '/healthz')).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, db: true } });
    proxy.cut();
    const ack = await h.command(`status ${KEY}`);
    await h.settled();
    expect(ack.status).toBe(200);
    expect(JSON.stringify(h.fake.responses.at(-1)!.body)).toContain('The database is unreachable, so nothing was done. Try again in a moment.');
    expect(await health()).toMatchObject({ status: 503, body: { ok: false, db: false } });
    proxy.restore();
    await answering(h.db.conn);
    expect(await health()).toMatchObject({ status: 200, body: { ok: true } });
  });
});
