// Moving on with care (src/incidents/closing-guards.ts): open steps of earlier phases at any forward move, and reopening.
const en = {
  'guard.openSteps': 'Steps of earlier phases still open ({count}): {list} — tick them, or give a reason.',
  'guard.openSteps.item': '  #{n} {title}',
  'guard.openSteps.more': '  … and {count} more',
  'guard.reopen': 'It is closed: reopening it (back to review) needs a reason.',
  'guard.rootCause': 'No root-cause analysis recorded yet (/crisis action KEY rca records one).',
  'guard.recoveryPlan': 'No recovery plan yet (/crisis action KEY goal KIND TARGET sets a goal).',
};
export const closingCatalog = {
  en,
  'zh-CN': {
    'guard.openSteps': '之前阶段仍有未完成的步骤（{count} 项）：{list} — 请先完成，或说明理由。',
    'guard.openSteps.item': '  #{n} {title}',
    'guard.openSteps.more': '  ……另有 {count} 项',
    'guard.reopen': '该事件已关闭：重新打开（回到复盘阶段）需要说明理由。',
    'guard.rootCause': '尚未记录根本原因分析（可用 /crisis action 编号 rca 记录）。',
    'guard.recoveryPlan': '尚未制定恢复计划（可用 /crisis action 编号 goal 类别 目标 设定目标）。',
  } satisfies Record<keyof typeof en, string>,
};
