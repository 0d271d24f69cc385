// The summary report falls due after review begins (src/report/due.ts, issue 17).
const en = {
  'reportDue.title': 'The summary report of {key} is due',
  'reportDue.what': 'The summary report of {key} was due {after} after it entered review.',
  'reportDue.asRung': 'You hear about it as the next rung of the escalation ladder: the report is not final yet.',
  'reportDue.hint': '/crisis report {key} shows the draft and what it still lacks; the lead ({lead}) makes it final with /crisis report {key} final, which ends these reminders.',
  'reportDue.notice0': 'The summary report of {key} is {age} overdue — reminded ',
  'reportDue.notice': 'The summary report of {key} is {age} overdue — escalated to ',
  'reportDue.event': 'Summary report overdue: rung {rung} — alerted {who}',
};
export const reportDueCatalog = {
  en,
  'zh-CN': {
    'reportDue.title': '{key} 的总结报告已到期',
    'reportDue.what': '{key} 的总结报告应在进入复盘阶段后 {after} 内完成。',
    'reportDue.asRung': '您作为升级阶梯的下一级收到此提醒：报告尚未定稿。',
    'reportDue.hint': '/crisis report {key} 可查看草稿及尚缺内容；负责人（{lead}）用 /crisis report {key} final 定稿，之后不再提醒。',
    'reportDue.notice0': '{key} 的总结报告已逾期 {age} — 已提醒 ',
    'reportDue.notice': '{key} 的总结报告已逾期 {age} — 已升级至 ',
    'reportDue.event': '总结报告逾期：第 {rung} 级 — 已通知 {who}',
  } satisfies Record<keyof typeof en, string>,
};
