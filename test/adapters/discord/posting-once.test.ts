// Posting once through ambiguous Discord failures: POST messages executed but answered 500, or
// executed and answered after the client gave up; within the minutes Discord's enforced nonce
// covers, and past them, where the bot must find its message itself. Counts are taken at the fake.
import type { TextChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { note } from '../../../src/ui/card.ts';
import { IDS, NONCE_WINDOW_MS, type FakeMessage } from '../../fakes/discord/index.ts';
import { raiseIncident, textOf, unescape, type World, useWorlds } from './support.ts';

const openWorld = useWorlds();

const KEY = 'INC-20261128-001';
const FIRE = { title: 'Warehouse fire', type: 'safety-accident', people_affected: '3' };

/** A fake Discord whose clock can be moved ahead of real time (past the nonce window). */
function movableClock() {
  let ahead = 0;
  return { now: () => Date.now() + ahead, advance: (ms: number) => void (ahead += ms) };
}

/** Moves the clocks past each backoff (and, if asked, past Discord's nonce window) and drains until the outbox is empty. */
async function deliverAll(w: World, fakeClock?: ReturnType<typeof movableClock>): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (!(await w.db.m.Outbox.countDocuments({ status: 'pending' }))) return;
    fakeClock?.advance(NONCE_WINDOW_MS + 60_000);
    w.clock.advance(2 * 60_000);
    await w.discord.dispatcher.drain();
  }
  throw new Error('the outbox did not empty');
}

const lines = (m: FakeMessage) => unescape(textOf(m)).split('\n').map((l) => l.replace(/^\*\*(.*)\*\*$/, '$1'));

/** What a raise leaves, each exactly once: the summary (pinned), both checklist pages, the assessment card, the confirmation. */
async function expectEachOnce(w: World, token: string): Promise<void> {
  const incident = (await findIncident(w.db, KEY))!;
  const room = w.fake.state.messagesIn(incident.room!.id).filter((m) => m.data.type === 0);
  const having = (line: string) => room.filter((m) => lines(m).includes(line)).length;
  expect(having(`${KEY}: Warehouse fire`)).toBe(1);
  expect(having(`Checklist ${KEY} (1/2)`)).toBe(1);
  expect(having(`Checklist ${KEY} (2/2)`)).toBe(1);
  expect(having(`Assessment and fact sheet — ${KEY}`)).toBe(1);
  expect(having('Invited to the war room')).toBe(1);
  // Nothing at all appears twice: not the notices for people who could not get a DM either.
  const texts = room.map((m) => textOf(m));
  expect(new Set(texts).size).toBe(texts.length);
  expect(w.fake.state.messagesIn(incident.room!.id).filter((m) => m.data.pinned)).toHaveLength(1);
  for (const channel of w.fake.state.dmChannels.values()) {
    const dms = w.fake.state.messagesIn(channel).map((m) => textOf(m));
    expect(new Set(dms).size).toBe(dms.length);
  }
  const confirmations = w.fake.callsTo('POST', `/webhooks/:app/${token}`).filter((c) => unescape(String((c.body as { content?: string }).content)).includes(`${KEY} is open`));
  expect(confirmations).toHaveLength(1);
}

describe('Discord: posting once', () => {
  it('a storm of messages executed but answered 500 during a raise leaves exactly one of each message', async () => {
    const w = await openWorld('storm_nonce');
    w.fake.failNext('POST /channels/:channel/messages', { executed: true, times: 20 });
    const done = await raiseIncident(w, FIRE);
    await deliverAll(w);
    expect(w.fake.callsTo('POST', '/channels/:channel/messages').filter((c) => c.executed).length).toBeGreaterThanOrEqual(5);
    await expectEachOnce(w, done.token);
  });

  it('the same storm with every retry past the nonce window: the bot finds its messages by their marker and posts none twice', async () => {
    const fakeClock = movableClock();
    const w = await openWorld('storm_marker', { fake: { now: fakeClock.now } });
    w.fake.failNext('POST /channels/:channel/messages', { executed: true, times: 20 });
    const done = await raiseIncident(w, FIRE);
    await deliverAll(w, fakeClock);
    await expectEachOnce(w, done.token);
  });

  it('a message Discord stored but answered after the client had timed out is not posted again', async () => {
    const fakeClock = movableClock();
    const w = await openWorld('timeout', { fake: { now: fakeClock.now }, outboxTimeoutMs: 500 });
    w.fake.failNext('POST /channels/:channel/messages', { executed: true, hangMs: 2000, times: 3 });
    const done = await raiseIncident(w, FIRE);
    await deliverAll(w, fakeClock);
    expect(w.fake.callsTo('POST', '/channels/:channel/messages').filter((c) => c.executed)).toHaveLength(3);
    await expectEachOnce(w, done.token);
  });

  it('a first attempt sends its nonce (enforced) and looks nothing up; a retry looks first and finds it', async () => {
    const w = await openWorld('lookup');
    w.fake.clearCalls();
    const room = { id: IDS.general, name: 'general' };
    const first = await w.discord.port.post(room, note('Water on the floor of hall 3'), { key: 'test-entry' });
    const posts = w.fake.callsTo('POST', '/channels/:channel/messages');
    expect(w.fake.calls.map((c) => c.method)).toEqual(['POST']);
    expect(posts[0]?.body).toMatchObject({ nonce: expect.stringMatching(/^[\w-]{25}$/), enforce_nonce: true });
    const again = await w.discord.port.post(room, note('Water on the floor of hall 3'), { key: 'test-entry', retry: true });
    expect(again).toEqual(first);
    expect(w.fake.calls.map((c) => `${c.method} ${c.query.limit ?? ''}`)).toEqual(['POST ', 'GET 50']);
    // What people see carries no trace of the key.
    const shown = w.fake.state.messagesIn(IDS.general).map((m) => textOf(m));
    expect(shown).toEqual(['Water on the floor of hall 3']);
    // A DM is looked for in the DM channel.
    const dm = await w.discord.port.dm(IDS.bob, note('Your step is due'), { key: 'test-dm' });
    expect(await w.discord.port.dm(IDS.bob, note('Your step is due'), { key: 'test-dm', retry: true })).toEqual(dm);
    expect(w.fake.state.messagesIn(dm.room).map((m) => textOf(m))).toEqual(['Your step is due']);
  });

  it('a retry whose message is no longer among the latest 50 is still answered with it while the nonce is fresh (and only then)', async () => {
    const fakeClock = movableClock();
    const w = await openWorld('busy', { fake: { now: fakeClock.now } });
    const room = { id: IDS.general, name: 'general' };
    const first = await w.discord.port.post(room, note('Evacuate hall 3'), { key: 'busy-entry' });
    for (let i = 0; i < 60; i++) await w.discord.port.post(room, note(`chatter ${i}`));
    // The look-up misses it; Discord's nonce check answers with the first message instead of a copy.
    expect(await w.discord.port.post(room, note('Evacuate hall 3'), { key: 'busy-entry', retry: true })).toEqual(first);
    const evacuate = () => w.fake.state.messagesIn(IDS.general).filter((m) => textOf(m) === 'Evacuate hall 3');
    expect(evacuate()).toHaveLength(1);
    // Past the nonce window and 50 messages deep, nothing can tell: the documented limit of posting once.
    fakeClock.advance(NONCE_WINDOW_MS + 60_000);
    await w.discord.port.post(room, note('Evacuate hall 3'), { key: 'busy-entry', retry: true });
    expect(evacuate()).toHaveLength(2);
  });

  it('a retry in a channel whose history the bot may not read still sends the message (the look-up is skipped)', async () => {
    const w = await openWorld('no_history');
    const general = w.discord.client.channels.cache.get(IDS.general) as TextChannel;
    await general.permissionOverwrites.create(w.fake.botUserId, { ReadMessageHistory: false });
    await w.discord.port.post({ id: IDS.general, name: 'general' }, note('Retried notice'), { key: 'no-history', retry: true });
    expect(w.fake.callsTo('GET', '/channels/:channel/messages').map((c) => c.status)).toEqual([403]);
    expect(w.fake.state.messagesIn(IDS.general).filter((m) => textOf(m) === 'Retried notice')).toHaveLength(1);
  });
});
