import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { stepsOf } from '../../../src/store/steps.ts';
import type { FakeMessage } from '../../fakes/discord/index.ts';
import { buttonOn, buttonsOf, interact, raiseIncident, replyOf, ROSTER, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const plain = (m: FakeMessage) => unescape(textOf(m));
/** What a button click answered: Discord's follow-ups to it (the clicked message itself is left as it was). */
const followUps = (w: World, id: string): string[] => (w.fake.state.interactions.get(id)?.followupIds ?? []).map((m) => plain(w.fake.state.message(m)!));
const dms = (w: World, user: string) => w.fake.state.messagesIn(w.fake.state.dmChannels.get(user) ?? '');
const say = async (w: World, userId: string, options: Record<string, string>) =>
  plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'role', options: { key: KEY, ...options }, userId })));

describe('Discord: roles and the lead handover, with the real discord.js client', { timeout: 120_000 }, () => {
  it('hands the lead over (withdrawn, then accepted from the DM button), claims a role from the Roles card, refuses an unknown person', async () => {
    const w = await openWorld('roles_flow');
    await raiseIncident(w, { title: 'Viral post', type: 'reputation' });
    const room = (await findIncident(w.db, KEY))!.room!.id;
    expect((await findIncident(w.db, KEY))!.lead?.id).toBe(ROSTER.lead);

    expect(await say(w, ROSTER.lead, { action: 'handover', target: 'zed' })).toMatch(/Person: 'zed' is not in roster.yml; use one of: alice/);
    expect(await say(w, ROSTER.lead, { action: 'handover', target: 'bob' })).toContain(`Handover of ${KEY} offered to Bob Placeholder. You stay lead until they accept.`);
    expect(await say(w, ROSTER.lead, { action: 'withdraw' })).toContain('is withdrawn; Alice Placeholder stays lead.');
    expect(await say(w, ROSTER.lead, { action: 'handover', target: `<@${ROSTER.monitoringLeader}>` })).toContain('offered to Bob Placeholder');
    await w.discord.idle();

    // Bob's DM offers the lead with an Accept button; the click is the accept command.
    const offer = dms(w, ROSTER.monitoringLeader).find((m) => plain(m).includes(`Take over the lead of ${KEY}?`))!;
    expect(buttonsOf(offer).map((b) => b.custom_id)).toEqual([`role.accept:${KEY}`]);
    const accepted = await interact(w, { kind: 'button', messageId: offer.data.id, customId: `role.accept:${KEY}`, userId: ROSTER.monitoringLeader });
    expect(followUps(w, accepted.id)).toEqual([`You lead ${KEY} now.`]);
    expect((await findIncident(w.db, KEY))!.lead).toEqual({ id: ROSTER.monitoringLeader, name: 'Bob Placeholder' });
    const leadSteps = (await stepsOf(w.db, (await findIncident(w.db, KEY))!)).filter((s) => s.ownerRole === 'crisis_lead' && s.status === 'open');
    for (const s of leadSteps) expect(s.owners.map((o) => o.id)).toEqual([ROSTER.monitoringLeader]);

    // The Roles card in the war room: Claim for comms, pressed by alice (now no longer lead).
    const cards = w.fake.state.messagesIn(room).filter((m) => plain(m).includes(`Roles — ${KEY}`));
    const card = cards.at(-1)!;
    expect(plain(card)).toContain('Crisis lead: ');
    const claim = buttonOn(card, `role.claim:${KEY}:comms`);
    const claimed = await interact(w, { kind: 'button', messageId: card.data.id, customId: claim.custom_id, userId: ROSTER.lead });
    expect(followUps(w, claimed.id)).toEqual([`You hold Communications lead in ${KEY} now.`]);
    await w.discord.idle();
    const brief = dms(w, ROSTER.lead).find((m) => plain(m).includes(`Your role in ${KEY}: Communications lead`));
    expect(brief).toBeDefined();
  });
});
