// The evidence bundle and legal hold (src/evidence, crisis-bot export and crisis-bot hold).
const en = {
  'evidence.summary.hold': 'LEGAL HOLD — this incident\'s record is preserved in full; nothing of it is purged',
  'evidence.event.set': '{actor} placed the incident under legal hold: {reason}',
  'evidence.event.cleared': '{actor} lifted the legal hold: {reason}',
};

export const evidenceCatalog = {
  en,
  'zh-CN': {
    'evidence.summary.hold': '法律保全 — 本事件的记录完整保留，不做任何清理',
    'evidence.event.set': '{actor} 对本事件实施法律保全：{reason}',
    'evidence.event.cleared': '{actor} 解除了法律保全：{reason}',
  } satisfies Record<keyof typeof en, string>,
};
