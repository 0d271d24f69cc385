// A validly signed request sent again (same body, same signature, inside Slack's 5-minute window) is
// recognised by the receiver and does nothing: it is acked and no listener runs.
import { describe, expect, it } from 'vitest';
import { sendForm, sendInteraction } from '../../fakes/slack/index.ts';
import { type Harness, KEY, OPS, SECRET, pickerValue, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

const now = () => Math.floor(Date.now() / 1000);
const fire = (h: Harness) => ({ title: { title: 'Warehouse fire' }, type: { type: 'safety-accident' }, started_at: { started_at: pickerValue(h, 5) } });

async function raised(h: Harness) {
  await h.raise({ title: 'Warehouse fire', type: 'safety-accident', started_at: pickerValue(h, 5) });
  expect(await h.incident()).toMatchObject({ key: KEY });
}

describe('Slack replayed requests', () => {
  it('a slash command replayed with its signature is acked and answered once; the update is recorded once', async () => {
    const h = await harness();
    await raised(h);
    const fields = h.fake.slashCommand({ text: `update ${KEY} Fire contained on floor 2`, user_id: 'U0ALICE', channel_id: OPS });
    const ts = now();
    const first = await sendForm(h.url, SECRET, fields, { timestamp: ts });
    await h.settled();
    const responses = h.fake.responses.length;
    const again = await sendForm(h.url, SECRET, fields, { timestamp: ts });
    await h.settled();
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toBe('');
    expect(h.fake.responses).toHaveLength(responses);
    expect((await h.timeline()).filter((e) => e.type === 'status.update')).toHaveLength(1);
  });

  it('a retry header added to a replayed slash command does not let it through (Slack retries only events)', async () => {
    const h = await harness();
    const fields = h.fake.slashCommand({ text: 'help', user_id: 'U0ALICE', channel_id: OPS });
    const ts = now();
    await sendForm(h.url, SECRET, fields, { timestamp: ts });
    await h.settled();
    const responses = h.fake.responses.length;
    expect(responses).toBeGreaterThan(0);
    const retried = await sendForm(h.url, SECRET, fields, { timestamp: ts, retryNum: 1, retryReason: 'http_timeout' });
    await h.settled();
    expect(retried.status).toBe(200);
    expect(h.fake.responses).toHaveLength(responses);
  });

  it('a view submission replayed is acked empty: no second answer, one incident, one war room', async () => {
    const h = await harness();
    await h.command('raise Warehouse fire');
    await h.settled();
    const payload = h.fake.viewSubmission({ view_id: h.lastViewId(), values: fire(h) });
    const ts = now();
    const first = await sendInteraction(h.url, SECRET, payload, { timestamp: ts });
    const again = await sendInteraction(h.url, SECRET, payload, { timestamp: ts });
    await h.settled();
    expect(shown((first.body as { view: { blocks: unknown } }).view.blocks)).toContain(`${KEY} raised`);
    expect(again).toMatchObject({ status: 200, body: '' });
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
    expect((await h.timeline()).filter((e) => e.type === 'incident.raised')).toHaveLength(1);
  });

  it('the same submission signed afresh (a new timestamp) is not a replay: the delivery key answers it', async () => {
    const h = await harness();
    await h.command('raise Warehouse fire');
    await h.settled();
    const payload = h.fake.viewSubmission({ view_id: h.lastViewId(), values: fire(h) });
    await sendInteraction(h.url, SECRET, payload, { timestamp: now() - 1 });
    const resent = await sendInteraction(h.url, SECRET, payload, { timestamp: now() });
    await h.settled();
    expect(shown((resent.body as { view: { blocks: unknown } }).view.blocks)).toContain(`already raised as ${KEY}`);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
  });
});
