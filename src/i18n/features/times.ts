// Times typed by people: how a typed time was read, so a wrong zone or a misread is seen at once.
const en = {
  'times.readAs': '{field}: read as {time} {zone}.',
};
export const timesCatalog = {
  en,
  'zh-CN': {
    'times.readAs': '{field}：按 {time}（{zone}）理解。',
  } satisfies Record<keyof typeof en, string>,
};
