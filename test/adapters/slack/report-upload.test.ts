import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findFinalReport } from '../../../src/store/reports.ts';
import { DEFAULT_SCOPES } from '../../fakes/slack/server.ts';
import { toReview } from '../../report/review.ts';
import { ALICE, CAROL, fire, room, startWithRoster } from './assessment-flow.ts';
import { type Harness, KEY, shown, useHarnesses } from './harness.ts';

// The report as a file in a Slack war room, through real Bolt's WebClient (filesUploadV2) against
// the fake: getUploadURLExternal, the bytes POSTed to the URL it returned, completeUploadExternal
// with the war room's channel_id. What the fake received must be the report, with its metrics.

const harness = useHarnesses();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
type FileMsg = { ts: string; text: string; blocks?: unknown[]; files?: { id: string; name: string; title: string }[] };

async function answer(h: Harness, text: string, user: string): Promise<string> {
  const before = h.fake.responses.length;
  await h.command(text, user);
  await h.settled();
  await h.slack.dispatcher.drain();
  return shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
}

const roomMessages = (h: Harness) => (h.fake.messages.get(room(h).id) ?? []) as FileMsg[];
const filesIn = (h: Harness) => roomMessages(h).filter((m) => m.files?.length);
const cardsTitled = (h: Harness, title: string) => roomMessages(h).filter((m) => shown(m.blocks).includes(title));
const bytesOf = (h: Harness, fileId: string) => h.fake.state.uploads.get(fileId)!.bytes!;

async function withIncident(opts: Parameters<typeof startWithRoster>[1] = {}): Promise<Harness> {
  const h = await startWithRoster(harness, opts);
  await h.raise(fire(h));
  await h.slack.dispatcher.drain();
  return h;
}

describe('Slack: the report posted in the war room as a file', () => {
  it('uploads the draft in the two external steps; the file the fake received has the headline metrics', async () => {
    const h = await withIncident();
    expect(await answer(h, `report ${KEY} post`, CAROL)).toContain(`The report of ${KEY} goes into its war room as a file (report-${KEY}-draft.html)`);
    const [getUrl] = h.fake.callsTo('files.getUploadURLExternal');
    expect(getUrl!.args).toMatchObject({ filename: expect.stringMatching(new RegExp(`^report-${KEY}-draft-[0-9a-f]{8}\\.html$`)) });
    const uploaded = h.fake.callsTo('upload');
    expect(uploaded).toHaveLength(1);
    const [complete] = h.fake.callsTo('files.completeUploadExternal');
    expect(complete!.args.channel_id).toBe(room(h).id);

    const [msg] = filesIn(h);
    expect(msg!.files![0]!.title).toBe(`Draft report ${KEY}`);
    const html = bytesOf(h, msg!.files![0]!.id).toString('utf8');
    expect(Number(getUrl!.args.length)).toBe(Buffer.byteLength(html));
    expect(html).toMatch(/^<!doctype html>/i);
    for (const s of ['Time to acknowledge', 'Steps on time', 'Warehouse fire']) expect(html).toContain(s);
    expect(cardsTitled(h, `Draft report ${KEY}`)).toHaveLength(1);
    expect(shown(cardsTitled(h, `Draft report ${KEY}`)[0]!.blocks)).toContain(`The full report is the file report-${KEY}-draft.html below`);
    expect((await h.timeline()).filter((e) => e.type === 'report.posted').map((e) => e.data.sha256)).toEqual([sha(Buffer.from(html))]);
  });

  it('after an upload Slack completed but answered 500, the retry finds the file instead of uploading it again', async () => {
    const h = await withIncident();
    h.fake.fail('files.completeUploadExternal', { executed: true, status: 500 });
    await answer(h, `report ${KEY} post`, CAROL);
    expect(filesIn(h)).toHaveLength(1);
    // The answer was a failure: the delivery waits for its retry, nothing recorded as posted yet.
    expect((await h.timeline()).filter((e) => e.type === 'report.posted')).toHaveLength(0);
    expect(await h.core.db.m.Outbox.countDocuments({ status: 'pending' })).toBe(1);
    h.clock.advance(61_000);
    await h.slack.dispatcher.drain();
    expect(h.fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(filesIn(h)).toHaveLength(1);
    expect(cardsTitled(h, `Draft report ${KEY}`)).toHaveLength(1);
    expect(await h.core.db.m.Outbox.countDocuments({ status: 'pending' })).toBe(0);
    expect((await h.timeline()).filter((e) => e.type === 'report.posted')).toHaveLength(1);
  });

  it('freezes the final report: the lead only, once, the uploaded bytes those whose hash is in the timeline', async () => {
    const h = await withIncident();
    const lead = { id: ALICE, name: 'Alice Placeholder' };
    expect(await answer(h, `report ${KEY} final`, ALICE)).toContain(`can be made final once the incident is in review (it is in`);
    await toReview(h.core, KEY, lead);
    expect(await answer(h, `report ${KEY} final`, CAROL)).toContain(`Only the lead of ${KEY} (Alice Placeholder) can make its report final`);
    expect(await answer(h, `report ${KEY} final`, ALICE)).toContain(`The report of ${KEY} is final. SHA-256`);
    const stored = (await findFinalReport(h.core.db, KEY))!;
    const file = filesIn(h).find((m) => m.files![0]!.title === `Final report ${KEY}`)!;
    expect(sha(bytesOf(h, file.files![0]!.id))).toBe(stored.sha256);
    expect(shown(cardsTitled(h, `Final report ${KEY}`)[0]!.blocks)).toContain(`SHA-256 ${stored.sha256}`);
    expect(await answer(h, `report ${KEY} final`, ALICE)).toContain(`cannot change. SHA-256 ${stored.sha256}`);
    expect((await h.timeline()).filter((e) => e.type === 'report.finalised').map((e) => e.data.sha256)).toEqual([stored.sha256]);
  });

  it('says in the war room why the file could not be attached: the files:write scope missing, a file over the limit', async () => {
    const h = await withIncident({ fake: { scopes: DEFAULT_SCOPES.filter((s) => s !== 'files:write') } });
    await answer(h, `report ${KEY} post`, CAROL);
    const refused = cardsTitled(h, `The report of ${KEY} could not be attached`);
    expect(refused).toHaveLength(1);
    expect(shown(refused[0]!.blocks)).toContain('the app lacks the files:write scope. Add files:write under oauth_config.scopes.bot in manifest.yml');
    expect(shown(refused[0]!.blocks)).toContain(`crisis-bot report ${KEY} --format html`);
    expect(filesIn(h)).toHaveLength(0);

    h.fake.scopes.add('files:write');
    h.fake.maxUploadBytes = 1024;
    await answer(h, `report ${KEY} post`, CAROL);
    expect(shown(cardsTitled(h, `The report of ${KEY} could not be attached`)[1]!.blocks)).toContain('file_upload_size_restricted): this workspace restricts uploads of files this large');
    expect((await h.timeline()).filter((e) => e.type === 'report.upload.refused').map((e) => e.data.code)).toEqual(['missing_scope', 'file_upload_size_restricted']);
    expect(await h.core.db.m.Outbox.countDocuments({ status: 'pending' })).toBe(0);
  });
});
