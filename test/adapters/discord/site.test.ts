import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import type { FakeMessage } from '../../fakes/discord/index.ts';
import { buttonOn, interact, modalOf, raiseIncident, replyOf, ROSTER, submitModal, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const RED = 0xef4444;
const plain = (m: FakeMessage) => unescape(textOf(m));
const followUps = (w: World, id: string): string[] => (w.fake.state.interactions.get(id)?.followupIds ?? []).map((m) => plain(w.fake.state.message(m)!));
/** `/crisis service` with `function: site` and the verb in the note option: Discord has no room for a 26th subcommand. */
const site = async (w: World, note: string | undefined, userId: string = ROSTER.lead, locale?: string) =>
  plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'service', options: { key: KEY, function: 'site', ...(note ? { note } : {}) }, userId, ...(locale ? { locale } : {}) })));

describe('Discord: the Site card with the real discord.js client', { timeout: 120_000 }, () => {
  it('verbs in the note option, the five-field modal, one card with a red embed while people are missing, edited in place', async () => {
    const w = await openWorld('site_flow');
    await raiseIncident(w, { title: 'Warehouse fire', type: 'safety-accident' });
    const room = (await findIncident(w.db, KEY))!.room!.id;
    const cards = () => w.fake.state.messagesIn(room).filter((m) => plain(m).includes(`Site — ${KEY}`));

    expect(await site(w, 'evac 40 x')).toContain("Accounted for: 'x' is not a whole number of 0 or more");
    expect(await site(w, 'evac 40 36')).toContain(`Site of ${KEY} updated: evacuation count recorded.`);
    await w.discord.idle();
    expect(cards()).toHaveLength(1);
    const card = cards()[0]!;
    expect(card.data.embeds?.[0]?.color).toBe(RED);
    expect(plain(card)).toContain('🔴 4 missing — the lead is alerted every 30 min until everyone is accounted for');

    // No verb: the modal — five fields, one page.
    const modal = modalOf(await interact(w, { kind: 'slash', subcommand: 'service', options: { key: KEY, function: 'site' }, userId: ROSTER.lead }));
    expect(modal.components.map((c) => c.component.custom_id)).toEqual(['where', 'commander', 'expected', 'accounted', 'watch']);
    const sent = await submitModal(w, modal, { where: 'North gate', commander: 'alice', expected: '40', accounted: '40', watch: 'aftershock risk' }, { userId: ROSTER.lead });
    await w.discord.idle();
    expect([...followUps(w, sent.id), plain(replyOf(w, sent))].join('\n')).toContain(`Site of ${KEY} updated: command post recorded. evacuation count recorded. watch note added.`);

    const again = cards();
    expect(again).toHaveLength(1);
    expect(again[0]!.data.id).toBe(card.data.id);
    expect(again[0]!.data.embeds?.[0]?.color).not.toBe(RED);
    expect(plain(again[0]!)).toContain('expected 40 · accounted for 40 · missing 0');
    expect(plain(again[0]!)).toContain('North gate — commanded by');
    buttonOn(again[0]!, `site.edit:${KEY}`);

    expect(await site(w, 'watch smoke', ROSTER.monitoringLeader)).toContain(`Only the lead (Alice Placeholder) or someone holding Operations lead, Security lead may change the Site card of ${KEY}.`);
    const shown = await site(w, 'show', ROSTER.monitoringLeader, 'zh-CN');
    expect(shown).toContain(`现场 — ${KEY}`);
    expect(shown).toContain('应到 40 · 已清点 40 · 失联 0');
  });
});
