// Terminal chat: a form waiting for an answer while the person types a command.
const en = {
  'shell.inputEnded': 'Input ended while “{form}” was still waiting for “{field}”; that form was not submitted and nothing of it was recorded.',
  'shell.formWaiting': 'A form is still waiting for “{field}” ({form}). Your command “{line}” was not run and nothing was taken as an answer: finish the form, or type /cancel to abandon it, then run the command again.',
};
export const shellCatalog = {
  en,
  'zh-CN': {
    'shell.inputEnded': '输入已结束，而表单“{form}”仍在等待填写“{field}”；该表单未提交，其内容没有记录。',
    'shell.formWaiting': '表单“{form}”仍在等待填写“{field}”。命令“{line}”没有执行，也没有被当作答案：请先填完表单，或输入 /cancel 放弃，然后再执行该命令。',
  } satisfies Record<keyof typeof en, string>,
};
