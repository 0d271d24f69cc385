// Terminal chat: who you are there, acting as someone else, the start banner.
const en = {
  'terminal.banner': 'crisis-bot — terminal chat. Type /crisis help.',
  'terminal.youAre': 'You are {name} (terminal user “{id}”, from {source}); your roster roles: {roles}. To act as someone else: /crisis as NAME.',
  'terminal.youAreUnknown': 'You are “{id}” (from {source}); roster.yml does not list you, so you hold no role there. To act as someone in the roster: /crisis as NAME.',
  'terminal.source.env': 'CRISIS_USER',
  'terminal.source.login': 'your login name; set CRISIS_USER to choose',
  'terminal.source.as': '/crisis as',
  'terminal.reporterLeads': 'roster.yml names no real crisis lead (only placeholders): on this terminal, whoever raises an incident leads it.',
  'terminal.leadByDefault': '(the reporter: roster.yml names no real crisis lead)',
  'terminal.as.arg': 'Say who to act as: /crisis as NAME (a roster shell handle, id or name).',
  'terminal.as.badName': '“{name}” cannot be a terminal user name: use letters, digits, . _ - or @ (at most 64).',
  'terminal.as.onlyShell': '/crisis as works only in the terminal; here you are your own account.',
  'terminal.logsTo': 'Logs go to {path} (set LOG_LEVEL to see them here instead).',
  'terminal.help.as': '/crisis as NAME — (terminal) act as someone else from the roster; the prompt shows who you are',
};
export const terminalCatalog = {
  en,
  'zh-CN': {
    'terminal.banner': 'crisis-bot — 终端聊天。输入 /crisis help 查看命令。',
    'terminal.youAre': '您是 {name}（终端用户“{id}”，来自{source}）；您在名单中的角色：{roles}。以他人身份操作：/crisis as 名字。',
    'terminal.youAreUnknown': '您是“{id}”（来自{source}）；roster.yml 中没有您，因此您没有任何角色。以名单中某人的身份操作：/crisis as 名字。',
    'terminal.source.env': 'CRISIS_USER',
    'terminal.source.login': '您的登录名；可设置 CRISIS_USER 选择',
    'terminal.source.as': '/crisis as',
    'terminal.reporterLeads': 'roster.yml 中没有真实的危机负责人（只有占位人员）：在此终端上，谁上报事件谁就负责该事件。',
    'terminal.leadByDefault': '（上报人：roster.yml 中没有真实的危机负责人）',
    'terminal.as.arg': '请说明以谁的身份操作：/crisis as 名字（名单中的 shell 账号、id 或姓名）。',
    'terminal.as.badName': '“{name}”不能作为终端用户名：请使用字母、数字、. _ - 或 @（最多 64 个字符）。',
    'terminal.as.onlyShell': '/crisis as 只能在终端中使用；在这里您就是您自己的账号。',
    'terminal.logsTo': '日志写入 {path}（设置 LOG_LEVEL 可改为在此显示）。',
    'terminal.help.as': '/crisis as 名字 —（终端）以名单中他人的身份操作；提示符显示您当前的身份',
  } satisfies Record<keyof typeof en, string>,
};
