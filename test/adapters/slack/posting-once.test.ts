// Posting once through ambiguous Slack failures: chat.postMessage executed but answered 500, or
// executed and answered too late for the client; a 429; and the look-up a retried post makes
// first. Counts are taken at the fake Slack, in the war room, the DMs and the reporter's channel.
import { describe, expect, it } from 'vitest';
import { note } from '../../../src/ui/card.ts';
import { DEFAULT_SCOPES, postSigned } from '../../fakes/slack/index.ts';
import { type Harness, KEY, OPS, SECRET, pickerValue, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

const fire = (h: Harness) => ({ title: 'Warehouse fire', type: 'safety-accident', started_at: pickerValue(h, 5) });
const warRoom = (h: Harness) => [...h.fake.channels.values()].find((c) => c.name.startsWith('inc-'))!;

/** Moves the clock past each backoff and drains until the outbox is empty (or gives up after `rounds`). */
async function deliverAll(h: Harness, rounds = 30): Promise<number> {
  for (let i = 0; i < rounds; i++) {
    const pending = await h.db.m.Outbox.countDocuments({ status: 'pending' });
    if (!pending) return i;
    h.clock.advance(2 * 60_000);
    await h.slack.dispatcher.drain();
    await h.settled();
  }
  throw new Error(`the outbox still holds ${await h.db.m.Outbox.countDocuments({ status: 'pending' })} entries`);
}

/** The war room as people read it: each message's text, oldest first. */
const roomTexts = (h: Harness) => h.messages(warRoom(h).id).map((m) => shown(m.blocks));
/** Messages whose first line is `first`, after the tone's emoji if any. */
const count = (texts: string[], first: string) => texts.filter((t) => (t.split('\n')[0] ?? '').replace(/^\p{Extended_Pictographic}\uFE0F?\s/u, '') === first).length;

/** What a raise leaves, each exactly once: the summary (pinned), both checklist pages, the assessment card, the confirmation. */
function expectEachOnce(h: Harness): void {
  const texts = roomTexts(h);
  expect(count(texts, `${KEY}: Warehouse fire`)).toBe(1);
  expect(count(texts, `Checklist ${KEY} (1/2)`)).toBe(1);
  expect(count(texts, `Checklist ${KEY} (2/2)`)).toBe(1);
  expect(count(texts, `Assessment and fact sheet — ${KEY}`)).toBe(1);
  expect(count(texts, 'Invited to the war room')).toBe(1);
  // Nothing at all appears twice: not the notices addressed to people who could not get a DM either.
  expect(new Set(texts).size).toBe(texts.length);
  expect(warRoom(h).pins.size).toBe(1);
  for (const [id, messages] of h.fake.messages) {
    if (!id.startsWith('D')) continue;
    const dms = messages.map((m) => shown(m.blocks));
    expect(new Set(dms).size, `DMs in ${id}`).toBe(dms.length);
  }
  const confirmations = h.fake.ephemerals.filter((e) => e.user === 'U0ALICE' && e.channel === OPS && shown(e.blocks).includes(`${KEY} is open`));
  expect(confirmations).toHaveLength(1);
}

describe('Slack: posting once', () => {
  it('a storm of chat.postMessage calls executed but answered 500 during a raise leaves exactly one of each message', async () => {
    const h = await harness();
    // More failures than the raise has posts: every post of the first attempts lands in Slack and is answered 500.
    h.fake.fail('chat.postMessage', { executed: true, times: 20 });
    await h.raise(fire(h));
    await deliverAll(h);
    const executed = h.fake.callsTo('chat.postMessage').filter((c) => c.executed);
    expect(executed.length).toBeGreaterThanOrEqual(5);
    expectEachOnce(h);
    // The invite effect ran again with its post: people already in the room are no failure.
    expect(h.fake.callsTo('conversations.invite').filter((c) => c.error === 'already_in_channel').length).toBeGreaterThan(0);
    expect((await h.timeline()).filter((e) => e.type === 'delivery.failed')).toEqual([]);
  });

  it('a post that Slack executed but answered after the client had timed out is not posted again', async () => {
    // The client gives up after 1 s; the fake stores each post, then holds its answer for 3 s.
    const h = await harness({ slack: { clientOptions: { retryConfig: { retries: 0 }, timeout: 1000 } } });
    h.fake.fail('chat.postMessage', { executed: true, hangMs: 3000, times: 3 });
    await h.raise(fire(h));
    await deliverAll(h);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.executed)).toHaveLength(3);
    expectEachOnce(h);
  });

  it('a 429 is not retried by the client: the outbox retries it later and every message is posted once', async () => {
    const h = await harness();
    h.fake.fail('chat.postMessage', { retryAfter: 0, times: 3 });
    await h.raise(fire(h));
    const limited = h.fake.callsTo('chat.postMessage').filter((c) => c.status === 429);
    expect(limited).toHaveLength(3);
    expect(await h.db.m.Outbox.countDocuments({ status: 'pending' })).toBeGreaterThan(0);
    await deliverAll(h);
    expectEachOnce(h);
  });

  it('a first attempt posts without looking; a retry finds the message its key names and posts nothing', async () => {
    const h = await harness();
    await h.raise(fire(h));
    const room = { id: warRoom(h).id, name: warRoom(h).name };
    h.fake.clearCalls();
    const first = await h.slack.port.post(room, note('Water on the floor of hall 3'), { key: 'test-entry' });
    expect(h.fake.calls.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(h.fake.callsTo('chat.postMessage')[0]?.args.metadata).toEqual({ event_type: 'crisis_bot_effect', event_payload: { key: 'test-entry', part: 0 } });
    const again = await h.slack.port.post(room, note('Water on the floor of hall 3'), { key: 'test-entry', retry: true });
    expect(again).toEqual(first);
    expect(h.fake.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'conversations.history']);
    expect(h.fake.callsTo('conversations.history')[0]?.args).toMatchObject({ channel: room.id, limit: '50', include_all_metadata: 'true' });
    expect(count(roomTexts(h), 'Water on the floor of hall 3')).toBe(1);
    // A DM is looked for in the DM channel.
    const dm = await h.slack.port.dm('U0CAROL', note('Your step is due'), { key: 'test-dm' });
    expect(await h.slack.port.dm('U0CAROL', note('Your step is due'), { key: 'test-dm', retry: true })).toEqual(dm);
    expect(h.fake.messages.get(dm.room)?.filter((m) => shown(m.blocks) === 'Your step is due')).toHaveLength(1);
  });

  it('a workspace that has not granted the history scopes yet still gets the message on a retry (the look-up is skipped)', async () => {
    const h = await harness({ fake: { scopes: DEFAULT_SCOPES.filter((s) => !s.endsWith(':history')) } });
    await h.raise(fire(h));
    const room = { id: warRoom(h).id, name: warRoom(h).name };
    await h.slack.port.post(room, note('Retried notice'), { key: 'no-scope', retry: true });
    expect(h.fake.callsTo('conversations.history').at(-1)).toMatchObject({ error: 'missing_scope' });
    expect(count(roomTexts(h), 'Retried notice')).toBe(1);
  });
});

describe('Slack HTTP receiver: bodies that are not objects', () => {
  it('a validly signed JSON null, payload=null or list gets 400, and the bot goes on answering', async () => {
    const h = await harness();
    expect((await postSigned(h.url, SECRET, 'null', 'application/json')).status).toBe(400);
    expect((await postSigned(h.url, SECRET, 'payload=null', 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await postSigned(h.url, SECRET, '[]', 'application/json')).status).toBe(400);
    expect((await postSigned(h.url, SECRET, 'payload=7', 'application/x-www-form-urlencoded')).status).toBe(400);
    // Unsigned, the same bodies are refused as any unsigned request is.
    expect((await postSigned(h.url, SECRET, 'null', 'application/json', { badSignature: true })).status).toBe(401);
    // Malformed JSON stays Bolt's 400.
    expect((await postSigned(h.url, SECRET, 'payload=%7B', 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await h.command('status')).status).toBe(200);
    await h.settled();
    expect(h.fake.responses).toHaveLength(1);
  });
});
