import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import type { FakeMessage } from '../../fakes/discord/index.ts';
import { buttonOn, interact, modalOf, raiseIncident, replyOf, ROSTER, submitModal, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const plain = (m: FakeMessage) => unescape(textOf(m));
const followUps = (w: World, id: string): string[] => (w.fake.state.interactions.get(id)?.followupIds ?? []).map((m) => plain(w.fake.state.message(m)!));
const service = async (w: World, options: Record<string, string>, userId: string = ROSTER.lead, locale?: string) =>
  plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'service', options: { key: KEY, ...options }, userId, ...(locale ? { locale } : {}) })));

describe('Discord: business continuity with the real discord.js client', { timeout: 120_000 }, () => {
  it('marks from options and from the modal; the card is posted once and edited in place; its button restores; list answers the caller', async () => {
    const w = await openWorld('continuity_flow');
    await raiseIncident(w, { title: 'Ransomware', type: 'cyber-attack' });
    const room = (await findIncident(w.db, KEY))!.room!.id;

    expect(await service(w, { function: 'payments', state: 'down', note: 'card terminals offline' })).toContain(`Payments and treasury marked down in ${KEY}. Its RTO (4h) falls at`);
    expect(await service(w, { function: 'paymnts', state: 'down' })).toContain("Function: 'paymnts' is not a business function in continuity.yml; use one of: site-safety, it-core");

    // No function: the modal, with a select of functions and one of states.
    const modal = modalOf(await interact(w, { kind: 'slash', subcommand: 'service', options: { key: KEY }, userId: ROSTER.lead }));
    expect(modal.components.map((c) => [c.component.custom_id, c.component.type])).toEqual([['function', 3], ['state', 3], ['note', 4]]);
    expect(modal.components[0]!.component.options!.map((o) => o.label)).toContain('Payments and treasury — down');
    const sent = await submitModal(w, modal, { function: 'it-core', state: 'down', note: 'domain controllers encrypted' }, { userId: ROSTER.lead });
    await w.discord.idle();
    const said = [...followUps(w, sent.id), plain(replyOf(w, sent))].join('\n');
    expect(said).toContain(`Core IT, network and identity marked down in ${KEY}.`);

    const cards = w.fake.state.messagesIn(room).filter((m) => plain(m).includes(`Business continuity — ${KEY}`));
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(plain(card)).toContain('Restore order: it-core → payments');
    expect(plain(card)).toContain('“domain controllers encrypted” — alice-lead');

    const restore = buttonOn(card, `service.restored:${KEY}:it-core`);
    const clicked = await interact(w, { kind: 'button', messageId: card.data.id, customId: restore.custom_id, userId: ROSTER.lead });
    expect(followUps(w, clicked.id).join('\n')).toContain(`Core IT, network and identity marked restored in ${KEY}`);
    await w.discord.idle();
    const again = w.fake.state.messagesIn(room).filter((m) => plain(m).includes(`Business continuity — ${KEY}`));
    expect(again).toHaveLength(1);
    expect(plain(again[0]!)).toContain('Restore order: payments');
    expect(plain(again[0]!)).toMatch(/Core IT, network and identity \(it-core\) — restored after 0 min, within its RTO \(2h\)/);

    // Resolve waits for payments, unless the lead gives the reason option.
    const phase = async (options: Record<string, string>) => plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'phase', options: { key: KEY, ...options }, userId: ROSTER.lead })));
    await phase({ phase: 'respond', reason: 'the steps run alongside the recovery' });
    expect(await phase({ phase: 'resolve' })).toContain('still not restored: Payments and treasury (payments) (down).');
    expect(await phase({ phase: 'resolve', reason: 'the bank runs payments for us until Monday' })).toContain(`${KEY} is now in phase Resolve`);
    expect((await findIncident(w.db, KEY))!.status).toBe('resolve');

    const listed = await service(w, { function: 'list' }, ROSTER.lead, 'zh-CN');
    expect(listed).toContain(`业务连续性 — ${KEY}`);
    expect(listed).toContain('1. 支付与资金管理（payments）— 中断');
  });
});
