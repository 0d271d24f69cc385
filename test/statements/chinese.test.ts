import { describe, expect, it } from 'vitest';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now, locale: 'zh-CN' });
const erin = { id: 'erin', name: 'Erin Placeholder' };
const heidi = { id: 'heidi', name: 'Heidi Placeholder' };
const carol = { id: 'carol', name: 'Carol Placeholder' };
const KEY = 'INC-20261128-001';
const ROOM = '[#inc-20261128-001]';

describe('statements in Chinese on the terminal', () => {
  it('drafts from the Chinese template, refuses the author, publishes the approved version, all in zh-CN', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    await shell.type('/crisis raise title="仓库火灾" type=safety-accident location="二号厂区" people_affected=12', '/skip');
    const drafted = await shell.as(erin).type(`/crisis statement ${KEY}`, '', '', 'announcements', 'We are aware of a fire.', '', '');
    expect(drafted).toContain('== 起草声明 — INC-20261128-001 ==');
    expect(drafted).toContain('? 正文（中文） (');
    expect(drafted).toContain('我们已获悉二号厂区发生的事件（仓库火灾），事件始于2026-11-28 10:00。');
    expect(drafted).toContain(`已为 ${KEY} 起草声明 S1；待以下角色批准：法律顾问, 新闻发言与公关负责人。`);
    expect(drafted).toContain(`${ROOM} == 声明 S1（第 1 版）— 面向公众的初步声明 — 草稿 ==`);
    expect(await shell.as(erin).type(`/crisis statement ${KEY} approve S1`)).toBe('S1（或其最新版本）是你撰写的；须由他人批准。');
    await shell.as(heidi).type(`/crisis statement ${KEY} approve S1`);
    expect(await shell.as(carol).type(`/crisis statement ${KEY} approve S1`)).toContain(`${KEY} 的声明 S1（第 1 版）已批准，可以发布。`);
    const out = await shell.as(carol).type(`/crisis statement ${KEY} publish S1`);
    expect(out).toContain(`${KEY} 的声明 S1（第 1 版）正在发布到：crisis-announcements。`);
    expect(out).toContain('[#crisis-announcements] == 初步声明 ==');
    expect(out).toContain('[#crisis-announcements] 我们已获悉二号厂区发生的事件（仓库火灾）');
    expect(out).toContain(`${ROOM} crisis-announcements：已送达`);
    expect(await shell.type(`/crisis timeline ${KEY}`)).toContain('Carol Placeholder 发布了声明 S1 第 1 版到 crisis-announcements');
  });
});
