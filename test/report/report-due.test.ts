import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { pendingAlerts } from '../../src/store/alerts.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { connectDb, DEFAULT_PLAYBOOK, loadDefaultPlaybook, makeCore, testClock, useTestCore, useTestDb } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

// Issue 17: the summary report falls due a playbook-set time after the incident enters review
// (levels.yml report_due, 5 days by default); its owner is reminded, the level's ladder follows;
// making it final ends the reminders, closing ends them, reopening starts a fresh ladder.

const clock = testClock();
const t = useTestCore({ now: clock.now });
const db = useTestDb();
const alice = { id: 'alice', name: 'Alice Placeholder' };
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const REVIEW = new Date('2026-11-28T12:00:00');
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

type Shell = ReturnType<typeof shellDriver>;
async function inReview(core: Core, shell: Shell, at = REVIEW): Promise<string> {
  clock.set(new Date('2026-11-28T10:00:00'));
  const key = (await shell.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip')).match(/(INC-\d{8}-\d{3})/)![1]!;
  const lead = shell.as(alice);
  for (const p of ['respond steps run alongside', 'resolve the fire is out']) await lead.type(`/crisis phase ${key} ${p}`);
  clock.set(at);
  await lead.type(`/crisis phase ${key} review root cause is in the site report`);
  expect((await findIncident(core.db, key))!.status).toBe('review');
  return key;
}
const reportDms = (out: string, who: string, key: string) => out.split('\n').filter((l) => l.includes(`[DM @${who}] == The summary report of ${key} is due ==`)).length;

describe('the summary report falls due after review begins (issue 17)', () => {
  it('reminds its owner 5 days after review began, escalates along the ladder, and stops once the report is final', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await inReview(t.core, shell);
    const due = plus(REVIEW, 5 * DAY);
    const pending = (await pendingAlerts(t.core.db)).filter((d) => d.alert.incidentKey === key && d.alert.kind === 'report');
    expect(pending.map((d) => [d.alert._id, d.alert.dueAt.toISOString()])).toEqual([[`alert:${key}:report:e${REVIEW.getTime()}:r0`, due.toISOString()]]);

    expect(await shell.sweepAt(plus(due, -MIN))).not.toContain('summary report');
    const first = await shell.sweepAt(due);
    // The plan's report step is the crisis lead's: Alice hears first, in her DM and in the war room.
    expect(reportDms(first, 'alice', key)).toBe(1);
    expect(first).toContain(`The summary report of ${key} was due 5 d 0 h after it entered review.`);
    expect(first).toContain(`/crisis report ${key} final`);
    expect(first).toContain(`The summary report of ${key} is 0 min overdue — reminded`);
    const second = await shell.sweepAt(plus(due, 15 * MIN));
    expect(reportDms(second, 'alice', key)).toBe(1);
    expect(second).toContain('the next rung of the escalation ladder');

    expect(await shell.as(alice).type(`/crisis report ${key} final`)).toContain(key);
    // The executive's rung (+30 min) would come next: the final report ended the ladder.
    expect(await shell.sweepAt(plus(due, 31 * MIN))).not.toContain('summary report');
    const events = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'report');
    expect(events.map((e) => [e.data.rung, e.data.notified])).toEqual([[0, ['Alice Placeholder']], [1, ['Alice Placeholder']]]);
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('Summary report overdue: rung 1 — alerted Alice Placeholder');
  });

  it('takes its time from the playbook; closing ends the ladder and a reopen starts one from the reopen (zh-CN)', async () => {
    const pb = { ...(await loadDefaultPlaybook()), reportDue: 2 * DAY };
    const core = await makeCore(await connectDb(db.uri('report_due_zh')), { now: clock.now, locale: 'zh-CN', playbook: pb });
    const shell = shellDriver(core, undefined, { clock });
    const key = await inReview(core, shell);
    clock.set(plus(REVIEW, DAY));
    await shell.as(alice).type(`/crisis phase ${key} closed 报告另行提交`);
    expect((await findIncident(core.db, key))!.status).toBe('closed');
    expect(await shell.sweepAt(plus(REVIEW, 2 * DAY))).not.toContain('总结报告');

    const reopened = plus(REVIEW, 3 * DAY);
    clock.set(reopened);
    await shell.as(alice).type(`/crisis phase ${key} review 监管部门要求提交报告`);
    expect((await findIncident(core.db, key))!.reviewAt).toEqual(reopened);
    expect(await shell.sweepAt(plus(reopened, 2 * DAY - MIN))).not.toContain('总结报告');
    const dm = await shell.sweepAt(plus(reopened, 2 * DAY));
    expect(dm).toContain(`[DM @alice] == ${key} 的总结报告已到期 ==`);
    expect(dm).toContain(`${key} 的总结报告应在进入复盘阶段后 2 天 0 小时 内完成。`);
    await shell.sweepAt(plus(reopened, 2 * DAY + 15 * MIN));
    const executive = await shell.sweepAt(plus(reopened, 2 * DAY + 30 * MIN));
    expect(executive).toContain(`[DM @ivan] == ${key} 的总结报告已到期 ==`);
    expect(executive).toContain('已升级至');
    // One ladder: the one of the first review was dropped at the close, never sent.
    const sent = (await readTimeline(core.db, key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'report').map((e) => String(e.data.alert));
    expect(sent).toEqual([0, 1, 2].map((r) => `alert:${key}:report:e${reopened.getTime()}:r${r}`));
    await core.db.close();
  });

  it('crisis-bot check refuses a report_due that is not a duration, naming the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'report-due-'));
    await cp(DEFAULT_PLAYBOOK, dir, { recursive: true });
    const levels = path.join(dir, 'levels.yml');
    await writeFile(levels, (await readFile(levels, 'utf8')).replace('report_due: 5d', 'report_due: soon'));
    const r = await loadPlaybook(dir);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems.map((p) => `${p.file}:${p.field}: ${p.message}`)).toContainEqual("levels.yml:report_due: invalid duration 'soon'; write a whole number followed by a unit s, m, h or d, largest unit first (e.g. '90s', '15m', '2h', '1h30m', '1d')");
  });
});
