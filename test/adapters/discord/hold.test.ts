import { describe, expect, it } from 'vitest';
import { setLegalHold } from '../../../src/evidence/hold.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { raiseIncident, textOf, unescape, useWorlds } from './support.ts';

// A legal hold set by the operator (`crisis-bot hold` calls setLegalHold): the war room's pinned
// summary embed is edited in place by the real discord.js client, in English and in Chinese.

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';

describe('Discord: the legal hold on the pinned summary', { timeout: 120_000 }, () => {
  for (const [locale, said] of [['en', "LEGAL HOLD — this incident's record is preserved in full; nothing of it is purged"], ['zh-CN', '法律保全 — 本事件的记录完整保留，不做任何清理']] as const) {
    it(`edits the summary with the hold and without it once cleared (${locale})`, async () => {
      const w = await openWorld(`hold_${locale.replace('-', '_')}`, { locale });
      await raiseIncident(w, { title: 'Viral post', type: 'reputation' }, { locale: locale === 'en' ? 'en-US' : 'zh-CN' });
      const incident = (await findIncident(w.db, KEY))!;
      const ref = incident.summaryMessage!;
      const summary = () => unescape(textOf(w.fake.state.message(ref.id)!));
      const edits = () => w.fake.callsTo('PATCH', `/channels/${incident.room!.id}/messages/${ref.id}`).length;
      expect(summary()).not.toContain(said);
      const before = edits();

      await setLegalHold(w.core, incident, { on: true, reason: 'Litigation expected', by: 'Dana Counsel' });
      await w.discord.dispatcher.drain();
      expect(summary()).toContain(said);
      expect(edits()).toBe(before + 1);

      await setLegalHold(w.core, (await findIncident(w.db, KEY))!, { on: false, reason: 'Claim settled', by: 'Dana Counsel' });
      await w.discord.dispatcher.drain();
      expect(summary()).not.toContain(said);
    });
  }
});
