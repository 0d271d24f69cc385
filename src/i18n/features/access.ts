// Access to private incidents: what the status list says in place of incidents the reader may not see.
const en = {
  'access.privateOne': '1 private incident (only the people of its war room can see it).',
  'access.privateMany': '{n} private incidents (only the people of their war rooms can see them).',
};
export const accessCatalog = {
  en,
  'zh-CN': {
    'access.privateOne': '另有 1 个非公开事件（仅其作战室成员可见）。',
    'access.privateMany': '另有 {n} 个非公开事件（仅各自作战室成员可见）。',
  } satisfies Record<keyof typeof en, string>,
};
