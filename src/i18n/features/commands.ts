// Typed command arguments (commands/kinds.ts): the messages of kinds the older commands had none for.
const en = {
  'commands.err.tooLong': 'That is {n} characters; at most {max} fit here.',
  'commands.err.duration': "'{value}' is not a duration; write it like 15m, 2h or 1h30m.",
};
export const commandsCatalog = {
  en,
  'zh-CN': {
    'commands.err.tooLong': '共 {n} 个字符；此处最多 {max} 个。',
    'commands.err.duration': '“{value}”不是时长；请写成 15m、2h 或 1h30m 这样的格式。',
  } satisfies Record<keyof typeof en, string>,
};
