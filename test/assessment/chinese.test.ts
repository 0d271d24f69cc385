import { expect, it } from 'vitest';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now, locale: 'zh-CN' });

it('runs the assessment in Chinese: card, fact, verification, impact and the suggested level', async () => {
  const shell = shellDriver(t.core, undefined, { clock });
  const raised = await shell.type('/crisis raise title="3号楼仓库火灾" type=safety-accident people_affected=12', '/skip');
  expect(raised).toContain('== 评估与事实清单 — INC-20261128-001 ==');
  expect(raised).toContain('首次评估截止 2026-11-28 11:00');
  expect(raised).toContain('[DM @erin] == 您是 INC-20261128-001：3号楼仓库火灾 的评估小组成员 ==');
  const fact = await shell.as({ id: 'erin', name: 'Erin' }).type('/crisis fact INC-20261128-001', '屋顶坍塌', '', '3号楼', '', '', 'on-site', 'high');
  expect(fact).toContain('事实 F1 已添加到 INC-20261128-001');
  expect(fact).toContain('? F1 屋顶坍塌 — 3号楼 — 现场调查, 可信度高 — 未核实（Erin 添加）');
  expect(await shell.as({ id: 'erin', name: 'Erin' }).type('/crisis fact INC-20261128-001 verify F1')).toContain('INC-20261128-001 的 F1 是您本人添加的，须由他人核实。');
  expect(await shell.as({ id: 'frank', name: 'Frank' }).type('/crisis fact INC-20261128-001 verify F1')).toContain('✓ F1 屋顶坍塌');
  const impact = await shell.as({ id: 'frank', name: 'Frank' }).type('/crisis impact INC-20261128-001', '3', '', '2', '', '4', '', '1', '', '', '', '', '', '150', '', '', '', '');
  expect(impact).toContain('? 运营影响（0–5）');
  expect(impact).toContain('根据当前标准应为 1 级（现为 2 级）：受影响人数 150 ≥ 100。');
  expect(impact).toContain('[调整为 1 级: /crisis level INC-20261128-001 1] [维持 2 级: /crisis level INC-20261128-001 keep 1]');
});
