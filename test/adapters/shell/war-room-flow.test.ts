import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, makeCore, startTestDb, testClock } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';
import { auditTimeline } from '../../../src/store/timeline.ts';

let db: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => db?.stop());

async function session(locale: 'en' | 'zh-CN', clock = testClock()) {
  const conn = await connectDb(db.local.uri.replace(/\/crisis$/, `/flow_${locale.replace('-', '_')}`));
  const core = await makeCore(conn, { now: clock.now, locale });
  return { conn, core, shell: shellDriver(core), clock };
}

describe('terminal war room, end to end on the local database', () => {
  it('raises inline and prompted, ticks, unticks, shows the timeline, and keeps it all across a restart', async () => {
    const clock = testClock();
    const first = await session('en', clock);
    const { shell } = first;

    // Inline fields plus prompted ones: a wrong answer is explained and asked again, nothing lost.
    const prompts = await shell.type('/crisis raise title="Warehouse fire, building 3" type=safety-accident people_affected=12');
    expect(prompts).toContain('== Raise a crisis ==');
    expect(prompts).toContain('? What happened (optional)');
    const raised = await shell.type('Fire in the north wing', 'Building 3', '', 'two', '1', '', '', '', '');
    expect(raised).toContain('Casualties must be a whole number');
    expect(raised).toContain('== INC-20261128-001 raised: Warehouse fire, building 3 ==');
    expect(raised).toContain('Level 2 — people affected 12 ≥ 10');
    expect(raised).toContain('[#inc-20261128-001-warehouse-fire] (private) room opened');
    expect(raised).toMatch(/\[#inc-20261128-001-warehouse-fire\] @Alice \w+ — Crisis lead/);
    expect(raised).toContain('Lead: @Alice');
    expect(raised).toContain('Acknowledge by: 2026-11-28 10:30');
    expect(raised).toContain('What happened: Fire in the north wing');
    expect(raised).toMatch(/☐ 1\. .+ — owner: .+ — due 2026-11-28 10:15/);

    // Fully prompted raise: required fields asked too, with the allowed values shown.
    const prompted = await shell.type('/crisis raise', 'Phishing wave', 'malware', 'cyber-attack', '/skip');
    expect(prompted).toContain('? Crisis type — one of: cyber-attack (Cyber attack)');
    expect(prompted).toContain("Crisis type: 'malware' is not allowed; use one of: cyber-attack");
    expect(prompted).toContain('== INC-20261128-002 raised: Phishing wave ==');
    expect(prompted).toContain('Level 4 — no criterion reached level 3');

    clock.advance(20 * 60_000);
    const list = await shell.type('/crisis status');
    expect(list).toMatch(/INC-20261128-001 · level 2 · Warehouse fire, building 3 · 20 min · 14 open, 1 overdue/);
    expect(list).toContain('INC-20261128-002 · level 4 · Phishing wave');

    const tick = await shell.type('/crisis tick INC-20261128-001 1');
    expect(tick).toContain('Step 1 of INC-20261128-001 done:');
    expect(tick).toMatch(/\[#inc-20261128-001-warehouse-fire\] {3}☑ 1\. .+ done by Rita Reporter/);
    expect(await shell.type('/crisis tick inc-20261128-001 1')).toContain('Step 1 of INC-20261128-001 was already done by Rita Reporter; nothing changed.');
    expect(await shell.type('/crisis untick INC-20261128-001 1')).toContain('Step 1 of INC-20261128-001 reopened');
    expect(await shell.type('/crisis untick INC-20261128-001 1')).toContain('is already open; nothing changed.');
    await shell.type('/crisis tick INC-20261128-001 2');

    const timeline = await shell.type('/crisis timeline INC-20261128-001');
    expect(timeline.split('\n').filter((l) => /step \d (done|reopened) by Rita Reporter/.test(l))).toHaveLength(3);
    expect(timeline).toContain('raised by Rita Reporter: level 2, Safety accident');
    expect(timeline).toContain('war room inc-20261128-001-warehouse-fire opened');
    await first.conn.close();

    // Restart: a new process on the same database sees the same incidents and ticks.
    const second = await session('en', clock);
    const one = await second.shell.type('/crisis status INC-20261128-001');
    expect(one).toContain('1 of 14 steps done');
    expect(one).toMatch(/☑ 2\. .+ done by Rita Reporter/);
    expect(one).toMatch(/⚠ 1\. .+ OVERDUE/);
    expect((await auditTimeline(second.conn, 'INC-20261128-001')).ok).toBe(true);
    expect(await second.shell.type('/crisis status')).toContain('INC-20261128-002');
    await second.conn.close();
  });

  it('runs the same flow in Chinese', async () => {
    const { shell, conn } = await session('zh-CN');
    await shell.type('/crisis raise title="3号楼仓库火灾" type=safety-accident casualties=3');
    const out = await shell.type('/skip');
    expect(out).toContain('已上报 INC-20261128-001：3号楼仓库火灾');
    expect(out).toContain('2 级 — 伤亡人数 3 ≥ 3');
    // No Latin letters in the title: the room is named by the key alone.
    expect(out).toContain('[#inc-20261128-001] ');
    expect(out).toContain('负责人');
    expect(out).toMatch(/处置清单 INC-20261128-001（1\/2）/);
    expect(out).toContain('-- 识别 --');
    expect(out).toMatch(/☐ 1\. [\u4e00-\u9fff]/);
    expect(await shell.type('/crisis tick INC-20261128-001 1')).toContain('INC-20261128-001 第 1 步已完成');
    expect(await shell.type('/crisis untick INC-20261128-001 1')).toContain('第 1 步已重新打开');
    expect(await shell.type('/crisis status')).toContain('INC-20261128-001 · 2 级 · 3号楼仓库火灾');
    expect(await shell.type('/crisis timeline INC-20261128-001')).toContain('Rita Reporter 完成第 1 步');
    expect(await shell.type('/crisis help')).toContain('上报危机事件');
    await conn.close();
  });
});
