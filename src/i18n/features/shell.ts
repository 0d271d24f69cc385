// Terminal chat: a form waiting for an answer while the person types a command.
const en = {
  'shell.inputEnded': 'Input ended while “{form}” was still waiting for “{field}”; that form was not submitted and nothing of it was recorded.',
  'shell.inputEndedKept': 'Input ended while “{form}” was still waiting for “{field}”; nothing of it was recorded, but your answers are kept: type /resume at the next start.',
  'shell.draft.offer': 'You left “{form}” unfinished last time ({n} answers kept). Type /resume to go on with it, or /discard to drop it.',
  'shell.draft.none': 'There is no unfinished form to resume.',
  'shell.draft.discarded': 'Dropped the unfinished “{form}”; nothing of it was recorded.',
  'shell.formWaiting': 'A form is still waiting for “{field}” ({form}). Your command “{line}” was not run and nothing was taken as an answer: finish the form, or type /cancel to abandon it, then run the command again.',
};
export const shellCatalog = {
  en,
  'zh-CN': {
    'shell.inputEnded': '输入已结束，而表单“{form}”仍在等待填写“{field}”；该表单未提交，其内容没有记录。',
    'shell.inputEndedKept': '输入已结束，而表单“{form}”仍在等待填写“{field}”；其内容没有记录，但您的回答已保留：下次启动时输入 /resume 继续。',
    'shell.draft.offer': '您上次有未完成的“{form}”（已保留 {n} 项回答）。输入 /resume 继续填写，或输入 /discard 放弃。',
    'shell.draft.none': '没有可继续的未完成表单。',
    'shell.draft.discarded': '已放弃未完成的“{form}”，其内容没有记录。',
    'shell.formWaiting': '表单“{form}”仍在等待填写“{field}”。命令“{line}”没有执行，也没有被当作答案：请先填完表单，或输入 /cancel 放弃，然后再执行该命令。',
  } satisfies Record<keyof typeof en, string>,
};
