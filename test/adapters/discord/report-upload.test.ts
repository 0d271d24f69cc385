// The report as a file in a Discord war room, with the real discord.js client against the fake: a
// multipart message whose `files[0]` part is the report. The fake keeps the bytes it received;
// a request over the upload limit gets 413 / 40005, and a retry past the nonce window finds the
// file by its marker instead of sending it again.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { findFinalReport } from '../../../src/store/reports.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { NONCE_WINDOW_MS, type FakeMessage } from '../../fakes/discord/index.ts';
import { toReview } from '../../report/review.ts';
import { buttonOn, interact, raiseIncident, replyOf, ROSTER, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const FIRE = { title: 'Warehouse fire', type: 'safety-accident', people_affected: '3' };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const plain = (m: FakeMessage) => unescape(textOf(m));

function movableClock() {
  let ahead = 0;
  return { now: () => Date.now() + ahead, advance: (ms: number) => void (ahead += ms) };
}

const say = async (w: World, userId: string, options: Record<string, string>) =>
  plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'report', options: { key: KEY, ...options }, userId })));

async function roomOf(w: World): Promise<string> {
  return (await findIncident(w.db, KEY))!.room!.id;
}
const withFiles = (w: World, room: string) => w.fake.state.messagesIn(room).filter((m) => m.data.attachments?.length);
const titled = (w: World, room: string, title: string) => w.fake.state.messagesIn(room).filter((m) => plain(m).includes(title));

async function drainAll(w: World, fakeClock?: ReturnType<typeof movableClock>): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (!(await w.db.m.Outbox.countDocuments({ status: 'pending' }))) return;
    fakeClock?.advance(NONCE_WINDOW_MS + 60_000);
    w.clock.advance(2 * 60_000);
    await w.discord.dispatcher.drain();
  }
  throw new Error('the outbox did not empty');
}

describe('Discord: the report posted in the war room as a file', { timeout: 120_000 }, () => {
  it('attaches the draft (files[0]); the fake received HTML with the headline metrics; the final one once, its hash in the timeline', async () => {
    const w = await openWorld('report_upload');
    await raiseIncident(w, FIRE);
    const room = await roomOf(w);
    // The draft card's Post report button is `report KEY post`.
    const shown = replyOf(w, await interact(w, { kind: 'slash', subcommand: 'report', options: { key: KEY }, userId: ROSTER.monitoringLeader }));
    expect(plain(shown)).toContain('Time to acknowledge');
    const button = buttonOn(shown, 'report.post');
    const clicked = await interact(w, { kind: 'button', messageId: shown.data.id, customId: button.custom_id, userId: ROSTER.monitoringLeader });
    const said = (w.fake.state.interactions.get(clicked.id)?.followupIds ?? []).map((id) => plain(w.fake.state.message(id)!));
    expect(said.join('\n')).toContain(`The report of ${KEY} goes into its war room as a file (report-${KEY}-draft.html)`);
    await w.discord.idle();
    const [msg] = withFiles(w, room);
    expect(msg!.data.attachments![0]!.filename).toBe(`report-${KEY}-draft.html`);
    const html = msg!.files!.get(msg!.data.attachments![0]!.id)!.toString('utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    for (const s of ['Time to acknowledge', 'Steps on time', 'Warehouse fire']) expect(html).toContain(s);
    expect(plain(msg!)).toBe(`Draft report ${KEY}`);
    expect(titled(w, room, `Draft report ${KEY}`).filter((m) => !m.data.attachments?.length).map(plain)[0]).toContain('Time to acknowledge');

    expect(await say(w, ROSTER.lead, { action: 'final' })).toContain(`can be made final once the incident is in review`);
    await toReview(w.core, KEY, { id: ROSTER.lead, name: 'Alice Placeholder' });
    expect(await say(w, ROSTER.monitoringLeader, { action: 'final' })).toContain(`Only the lead of ${KEY} (Alice Placeholder) can make its report final`);
    expect(await say(w, ROSTER.lead, { action: 'final' })).toContain(`The report of ${KEY} is final. SHA-256`);
    await w.discord.idle();
    const stored = (await findFinalReport(w.db, KEY))!;
    const final = withFiles(w, room).find((m) => m.data.attachments![0]!.filename === `report-${KEY}-final.html`)!;
    expect(sha(final.files!.get(final.data.attachments![0]!.id)!)).toBe(stored.sha256);
    expect(await say(w, ROSTER.lead, { action: 'final' })).toContain(`cannot change. SHA-256 ${stored.sha256}`);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'report.finalised').map((e) => e.data.sha256)).toEqual([stored.sha256]);
  });

  it('after sends executed but answered 500, past the nonce window, leaves one card and one file', async () => {
    const fakeClock = movableClock();
    const w = await openWorld('report_upload_once', { fake: { now: fakeClock.now } });
    await raiseIncident(w, FIRE);
    await drainAll(w, fakeClock);
    const room = await roomOf(w);
    // The card's first send, then the file's, each executed by Discord but answered 500.
    w.fake.failNext('POST /channels/:channel/messages', { executed: true, status: 500, times: 2 });
    await say(w, ROSTER.monitoringLeader, { action: 'post' });
    await drainAll(w, fakeClock);
    expect(withFiles(w, room)).toHaveLength(1);
    expect(titled(w, room, `Draft report ${KEY}`)).toHaveLength(2); // the card and the file's own message
    expect(w.fake.callsTo('POST', '/channels/:channel/messages').filter((c) => c.executed)).toHaveLength(2);
  });

  it('says in the war room that the file is over the upload limit (413, 40005)', async () => {
    const w = await openWorld('report_upload_large', { fake: { uploadLimitBytes: 2048 } });
    await raiseIncident(w, FIRE);
    const room = await roomOf(w);
    await say(w, ROSTER.monitoringLeader, { action: 'post' });
    await w.discord.idle();
    expect(withFiles(w, room)).toHaveLength(0);
    const [refused] = titled(w, room, `The report of ${KEY} could not be attached`);
    expect(plain(refused!)).toMatch(/The file \(\d+ KiB\) is larger than Discord accepts in this room\./);
    expect(plain(refused!)).toContain(`crisis-bot report ${KEY} --format html`);
    expect(await w.db.m.Outbox.countDocuments({ status: 'pending' })).toBe(0);
  });
});
