import { describe, expect, it } from 'vitest';
import { changePhase } from '../../src/incidents/phase.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { connectDb, makeCore, testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };

describe('review asks for the recovery plan (issue 16: moving to review asks for the RCA and the recovery plan)', () => {
  it('names a missing recovery plan until a goal is set, and the lead may still move on with a reason', async () => {
    clock.set(new Date('2026-12-01T09:00:00'));
    const shell = shellDriver(t.core, undefined, { clock });
    const key = (await shell.type('/crisis raise title="Supplier data leak" type=reputation', '/skip')).match(/(INC-\d{8}-\d{3})/)![1]!;
    const a = shell.as(alice);
    let i = (await findIncident(t.core.db, key))!;
    for (const to of ['respond', 'resolve'] as const) i = (await changePhase(t.core, i, to, alice, undefined, 'steps are tracked in the site log')).incident;

    const first = await a.type(`/crisis phase ${key} review`);
    expect(first).toContain(`Not moved to Review: ${key} is not ready.`);
    expect(first).toContain('No root-cause analysis recorded yet');
    expect(first).toContain(`No recovery plan yet (/crisis action KEY goal KIND TARGET sets a goal).`);

    await a.type(`/crisis action ${key} goal customers Every affected customer called back`);
    const second = await a.type(`/crisis phase ${key} review`);
    expect(second).toContain('No root-cause analysis recorded yet');
    expect(second).not.toContain('No recovery plan yet');
    expect((await findIncident(t.core.db, key))!.status).toBe('resolve');

    expect(await a.type(`/crisis phase ${key} review the analysis is in the supplier's report`)).toContain(`${key} is now in phase Review`);
    const overridden = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'phase.overridden').at(-1)!;
    expect((overridden.data.gaps as { guard: string }[]).map((g) => g.guard)).toContain('root-cause');
    expect((overridden.data.gaps as { guard: string }[]).map((g) => g.guard)).not.toContain('recovery-plan');
  });

  it('speaks Chinese to a zh-CN reader', async () => {
    const core = await makeCore(await connectDb(t.db.uri('recovery_guard_zh')), { now: clock.now, locale: 'zh-CN' });
    const shell = shellDriver(core, undefined, { clock });
    const key = (await shell.type('/crisis raise title="供应商数据泄露" type=reputation', '/skip')).match(/(INC-\d{8}-\d{3})/)![1]!;
    let i = (await findIncident(core.db, key))!;
    for (const to of ['respond', 'resolve'] as const) i = (await changePhase(core, i, to, alice, undefined, '步骤记录在现场日志中')).incident;
    expect(await shell.as(alice).type(`/crisis phase ${key} review`)).toContain('尚未制定恢复计划（可用 /crisis action 编号 goal 类别 目标 设定目标）。');
    await core.db.close();
  });
});
