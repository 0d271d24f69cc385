// The database is unreachable: what a command or a submitted form says instead of claiming success
// (or "nothing you entered was lost" when nothing was recorded at all).
const en = {
  'outage.command': 'The database is unreachable, so nothing was done. Try again in a moment.',
  'outage.form': 'This could not be recorded — the database is unreachable; nothing was saved yet. Submit again in a moment: what you typed is still here.',
  'outage.discord.form': 'This could not be recorded — the database is unreachable; nothing was saved yet. Press Try again in a moment: the form opens again with what you typed.',
  'outage.discord.retry': 'Try again',
  'outage.discord.lost': 'The database is still unreachable, and what you typed is no longer held here (it is kept for {minutes} minutes). Nothing was recorded; open the form again once the database is back.',
  'outage.shell.retry': 'Nothing was recorded — the database is unreachable. Your answers are kept: press Enter to submit again in a moment, or type /cancel to abandon the form.',
};
export const outageCatalog = {
  en,
  'zh-CN': {
    'outage.command': '数据库无法连接，因此没有执行任何操作。请稍后再试。',
    'outage.form': '无法记录——数据库无法连接，目前尚未保存任何内容。请稍后再次提交：您输入的内容仍在这里。',
    'outage.discord.form': '无法记录——数据库无法连接，目前尚未保存任何内容。请稍后点击“重试”：表单会重新打开，并保留您输入的内容。',
    'outage.discord.retry': '重试',
    'outage.discord.lost': '数据库仍无法连接，且您输入的内容已不再保留在这里（仅保留 {minutes} 分钟）。没有记录任何内容；请在数据库恢复后重新打开表单。',
    'outage.shell.retry': '没有记录任何内容——数据库无法连接。您的回答已保留：请稍后按回车再次提交，或输入 /cancel 放弃该表单。',
  } satisfies Record<keyof typeof en, string>,
};
