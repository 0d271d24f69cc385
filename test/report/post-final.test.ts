import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { reportCli } from '../../src/report/cli.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { findFinalReport } from '../../src/store/reports.ts';
import { stepsOf } from '../../src/store/steps.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { ROOT } from '../support/cli.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';
import { ALICE, at, BOB, KEY, scriptedIncident } from './scripted.ts';

// The terminal: `/crisis report KEY post` writes the report into the files folder and prints its
// path under the war room; `final` (the lead, in review) freezes it once, its hash in the timeline,
// and `crisis-bot report KEY --final` prints those very bytes.

const testDb = useTestDb();
let core: Core;
const clock = testClock();
let dir = '';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** The file a `📎 title: path` line printed under the war room. */
const attached = (out: string, title: string) => new RegExp(`📎 ${title}: (\\S+)`).exec(out)?.[1];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-report-post-'));
  core = await makeCore(await connectDb(testDb.uri('report_post')), { now: clock.now });
  await scriptedIncident(core, clock);
});
afterAll(async () => {
  await core?.db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the report posted in the war room, and the final report (terminal)', () => {
  it('posts the draft as an HTML file whose text has the headline metrics, with the summary card', async () => {
    // The card in a private answer shows its Post report button as the command it runs.
    expect(await shellDriver(core).as(ALICE).type(`/crisis report ${KEY}`)).toContain(`/crisis report ${KEY} post`);
    const out = await shellDriver(core).as(ALICE).type(`/crisis report ${KEY} post`);
    expect(out).toContain(`The report of ${KEY} goes into its war room as a file (report-${KEY}-draft.html)`);
    expect(out).toMatch(/\[#inc-20261128-001-[a-z-]+\] == Draft report INC-20261128-001 ==/);
    expect(out).toContain('Time to acknowledge: 12 min');
    expect(out).toContain('The full report is the file report-INC-20261128-001-draft.html below');
    const file = attached(out, `Draft report ${KEY}`);
    expect(file).toBeDefined();
    const html = await readFile(file!, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    for (const s of ['Time to acknowledge', '12 min', 'Time to resolve', '1 h 55 min', '20 % (1 of 5)']) expect(html).toContain(s);
    const posted = (await readTimeline(core.db, KEY)).filter((e) => e.type === 'report.posted');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.data).toMatchObject({ file: `report-${KEY}-draft.html`, final: false, sha256: sha(Buffer.from(html)) });
  });

  it('lets only the lead make it final', async () => {
    const out = await shellDriver(core).as(BOB).type(`/crisis report ${KEY} final`);
    expect(out).toContain(`Only the lead of ${KEY} (Alice Placeholder) can make its report final`);
    expect(await findFinalReport(core.db, KEY)).toBeNull();
    expect(await shellDriver(core).as(ALICE).type(`/crisis report ${KEY} publish`)).toContain("'publish' is not something /crisis report does; use post");
  });

  it('freezes the report once: its SHA-256 in the timeline, the same bytes posted, re-run and printed by the CLI', async () => {
    clock.set(at(200));
    const out = await shellDriver(core).as(ALICE).type(`/crisis report ${KEY} final`);
    const stored = (await findFinalReport(core.db, KEY))!;
    expect(stored.sha256).toBe(sha(stored.bytes));
    expect(out).toContain(`The report of ${KEY} is final. SHA-256 ${stored.sha256} is recorded in the timeline`);
    const file = attached(out, `Final report ${KEY}`)!;
    expect(sha(await readFile(file))).toBe(stored.sha256);
    expect(out).toContain(`Made final on 2026-11-28 13:20 by Alice Placeholder; it cannot change. SHA-256 ${stored.sha256}`);

    // The plan's "write the summary report" step is done with it: its ladder stops reminding the lead.
    const step = (await stepsOf(core.db, (await findIncident(core.db, KEY))!)).find((x) => x.planStepId === 'summary-report')!;
    expect(step).toMatchObject({ status: 'done', doneBy: ALICE });
    const events = () => readTimeline(core.db, KEY).then((es) => es.filter((e) => e.type === 'report.finalised'));
    expect((await events()).map((e) => e.data)).toEqual([{ sha256: stored.sha256, format: 'html', name: `report-${KEY}-final.html`, size: stored.bytes.length, by: 'alice' }]);

    // Later: the record moved on, but the final report does not.
    clock.set(at(300));
    const again = await shellDriver(core).as(ALICE).type(`/crisis report ${KEY} final`);
    expect(again).toContain(`The report of ${KEY} was made final on 2026-11-28 13:20 by Alice Placeholder and cannot change. SHA-256 ${stored.sha256}`);
    expect(await events()).toHaveLength(1);
    expect((await findFinalReport(core.db, KEY))!.bytes.equals(stored.bytes)).toBe(true);
    const timeline = await shellDriver(core).as(ALICE).type(`/crisis timeline ${KEY}`);
    expect(timeline).toContain(`Alice Placeholder made the report final (SHA-256 ${stored.sha256})`);
    expect(timeline).toContain(`Report posted in the war room: report-${KEY}-final.html (SHA-256 ${stored.sha256})`);
    // `post` now posts the final one again, byte for byte.
    const repost = await shellDriver(core).as(BOB).type(`/crisis report ${KEY} post`);
    expect(repost).toContain(`The report of ${KEY} is final: the final one goes into its war room again (report-${KEY}-final.html)`);
    expect(sha(await readFile(attached(repost, `Final report ${KEY}`)!))).toBe(stored.sha256);

    const chunks: Buffer[] = [];
    const env = { MONGODB_URI: testDb.uri('report_post'), CRISIS_AUDIT_DIR: path.join(dir, 'audit'), TZ: 'UTC' };
    const code = await reportCli([KEY, '--final'], loadConfig(env, ROOT), { out: (c) => chunks.push(Buffer.from(c)), err: () => {} }, { now: clock.now });
    expect(code).toBe(0);
    expect(Buffer.concat(chunks).equals(stored.bytes)).toBe(true);
  });

  it('refuses a final report before review; posts a Chinese incident\'s report in Chinese; says so on the command line', async () => {
    clock.set(at(400));
    const { incident } = await raise(core, { title: '网络谣言', type: 'reputation', criteria: {} }, { platform: 'shell', workspace: 'local', locale: 'zh-CN', reporter: ALICE });
    const lead = incident.lead!;
    const out = await shellDriver(core).as(lead).type(`/crisis report ${incident.key} final`);
    expect(out).toContain(`The report of ${incident.key} can be made final once the incident is in review (it is in Identify now): /crisis phase ${incident.key} review.`);
    const zh = await shellDriver({ ...core, locale: 'zh-CN' }).as(lead).type(`/crisis report ${incident.key} post`);
    expect(zh).toContain(`${incident.key} 的报告将作为文件（report-${incident.key}-draft.html）连同主要指标发到其作战室。`);
    // A Chinese incident's file is in Chinese: HTML carries the CJK text the PDF's font lacks.
    const html = await readFile(attached(zh, `报告草稿 ${incident.key}`)!, 'utf8');
    for (const s of ['确认用时', '网络谣言']) expect(html).toContain(s);
    const errs: string[] = [];
    const env = { MONGODB_URI: testDb.uri('report_post'), CRISIS_AUDIT_DIR: path.join(dir, 'audit'), TZ: 'UTC', CRISIS_LOCALE: 'zh-CN' };
    expect(await reportCli([incident.key, '--final'], loadConfig(env, ROOT), { out: () => {}, err: (l) => errs.push(l) }, { now: clock.now })).toBe(1);
    expect(errs.join('\n')).toContain(`${incident.key} 的报告尚未定稿`);
  });
});
