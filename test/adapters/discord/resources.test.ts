import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { allocatedOf } from '../../../src/store/stock.ts';
import type { FakeMessage } from '../../fakes/discord/index.ts';
import { buttonsOf, guildWithRoster, interact, modalOf, raiseIncident, ROSTER, submitModal, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const DAVE = '100000000000000004'; // security: the first-aid kits' contact role
const plain = (m: FakeMessage) => unescape(textOf(m));
const followUps = (w: World, id: string): string[] => (w.fake.state.interactions.get(id)?.followupIds ?? []).map((m) => plain(w.fake.state.message(m)!));
const dms = (w: World, user: string) => w.fake.state.messagesIn(w.fake.state.dmChannels.get(user) ?? '');
const withDave = () => {
  const seed = guildWithRoster();
  return { ...seed, members: [...seed.members!, { id: DAVE, username: 'dave-security' }] };
};

/** `/crisis request` as the lead, the form submitted with these values; the answer's text. */
async function request(w: World, values: Record<string, string>): Promise<string> {
  const modal = modalOf(await interact(w, { kind: 'slash', subcommand: 'request', options: { key: KEY }, userId: ROSTER.lead }));
  const a = await submitModal(w, modal, values, { userId: ROSTER.lead });
  await w.discord.idle();
  const m = w.fake.state.interactions.get(a.id);
  return [m?.originalMessageId ? plain(w.fake.state.message(m.originalMessageId)!) : '', ...followUps(w, a.id)].join('\n');
}

describe('Discord: resource requests decided from the DM buttons, with the real discord.js client', { timeout: 120_000 }, () => {
  it('approves from the DM (stock allocated), declines with a note from a modal, refuses more than is available', async () => {
    const w = await openWorld('resources_flow', { guilds: [withDave()] });
    await raiseIncident(w, { title: 'Warehouse fire', type: 'safety-accident' });
    expect((await findIncident(w.db, KEY))!.room).toBeDefined();

    expect(await request(w, { resource: 'First-aid kits and AED', quantity: '25', purpose: 'first aid' })).toContain('Quantity: 25 is more than is available of first-aid-kits: 20 kits left.');
    expect(await request(w, { resource: 'First-aid kits and AED', quantity: '10', purpose: 'first aid' })).toContain('Request R1 sent to Dave Placeholder for a decision.');
    const ask = dms(w, DAVE).find((m) => plain(m).includes(`Resource request R1 for ${KEY}`))!;
    expect(buttonsOf(ask).map((b) => b.custom_id)).toEqual([`resource.approve:${KEY}:R1`, `resource.decline:${KEY}:R1`]);
    const approved = await interact(w, { kind: 'button', messageId: ask.data.id, customId: `resource.approve:${KEY}:R1`, userId: DAVE });
    expect(followUps(w, approved.id)).toEqual(['R1 approved: 10 kits allocated; 10 kits left.']);
    expect(await allocatedOf(w.db, 'first-aid-kits')).toBe(10);

    // Someone else than the contact role is refused; the decline asks for its note.
    await request(w, { resource: 'First-aid kits and AED', quantity: '5', purpose: 'second floor' });
    const ask2 = dms(w, DAVE).find((m) => plain(m).includes(`Resource request R2 for ${KEY}`))!;
    const stranger = await interact(w, { kind: 'slash', subcommand: 'resource', options: { key: KEY, action: 'approve', request: 'R2' }, userId: ROSTER.monitoringLeader });
    expect(plain(w.fake.state.message(w.fake.state.interactions.get(stranger.id)!.originalMessageId!)!)).toContain('Only Dave Placeholder (Security lead) may approve or decline R2');
    const noteForm = modalOf(await interact(w, { kind: 'button', messageId: ask2.data.id, customId: `resource.decline:${KEY}:R2`, userId: DAVE }));
    const declined = await submitModal(w, noteForm, { note: 'Kits on the second floor are enough' }, { userId: DAVE, messageId: ask2.data.id });
    await w.discord.idle();
    const said = [...followUps(w, declined.id), ...(w.fake.state.interactions.get(declined.id)?.originalMessageId ? [plain(w.fake.state.message(w.fake.state.interactions.get(declined.id)!.originalMessageId!)!)] : [])];
    expect(said.join('\n')).toContain('R2 declined; the requester sees your note.');
    expect((await findIncident(w.db, KEY))!.requests?.map((r) => [r.id, r.status, r.note ?? ''])).toEqual([['R1', 'approved', ''], ['R2', 'declined', 'Kits on the second floor are enough']]);
  });
});
