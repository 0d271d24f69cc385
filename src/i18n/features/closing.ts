// Closing with care (src/incidents/closing-guards.ts): open earlier steps at review or close, and reopening.
const en = {
  'guard.openSteps': 'Steps of earlier phases still open ({count}): {list} — tick them, or give a reason.',
  'guard.reopen': 'It is closed: reopening it (back to review) needs a reason.',
  'guard.rootCause': 'No root-cause analysis recorded yet (/crisis action KEY rca records one).',
};
export const closingCatalog = {
  en,
  'zh-CN': {
    'guard.openSteps': '之前阶段仍有未完成的步骤（{count} 项）：{list} — 请先完成，或说明理由。',
    'guard.reopen': '该事件已关闭：重新打开（回到复盘阶段）需要说明理由。',
    'guard.rootCause': '尚未记录根本原因分析（可用 /crisis action 编号 rca 记录）。',
  } satisfies Record<keyof typeof en, string>,
};
