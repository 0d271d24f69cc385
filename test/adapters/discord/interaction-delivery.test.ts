import { parseFormModalId } from '../../../adapters/discord/ids.ts';
import { Events } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { IDS } from '../../fakes/discord/index.ts';
import { answered, buttonOn, entriesOf, fillPages, interact, modalOf, raiseUpToLastPage, replyOf, submitModal, useWorlds } from './support.ts';

const openWorld = useWorlds();

const FIRE = { title: 'Warehouse fire', type: 'safety-accident', people_affected: '3' };

describe('Discord: interactions arrive once in effect, whatever the gateway does', () => {
  it('a second delivery of the same final submit creates one incident and one war room', async () => {
    const w = await openWorld('twice');
    const last = await raiseUpToLastPage(w, FIRE);
    const first = w.fake.dispatchInteraction({
      kind: 'modal', customId: last.modal.custom_id, userId: IDS.alice, messageId: last.messageId,
      fields: entriesOf(last.modal, {}),
    });
    // The very same INTERACTION_CREATE again, as a gateway replay would bring it.
    w.fake.dispatch('INTERACTION_CREATE', first.payload);
    await answered(w, first.id);
    await vi.waitFor(() => expect(w.fake.state.interactions.get(first.id)?.attempts).toHaveLength(2));
    await w.discord.idle();

    expect(w.fake.state.interactions.get(first.id)?.attempts.map((a) => [a.type, a.status])).toEqual([[5, 204], [5, 400]]);
    expect(await w.db.m.Incident.countDocuments()).toBe(1);
    // The delivery is the form's draft (both deliveries carry it), not the interaction.
    expect(await findIncident(w.db, 'INC-20261128-001')).toMatchObject({ eventKey: `draft:${parseFormModalId(last.modal.custom_id)!.draft}` });
    expect(w.fake.callsTo('POST', '/guilds/:guild/channels').map((c) => (c.body as { name: string }).name)).toEqual(['Crisis', 'inc-20261128-001-warehouse-fire']);
    expect(w.fake.callsTo('PATCH', `/webhooks/:app/${first.token}/messages/@original`)).toHaveLength(1);
  });

  it('the last page submitted twice at once (two interactions) creates one incident and one war room', async () => {
    const w = await openWorld('twice-at-once');
    const last = await raiseUpToLastPage(w, FIRE);
    const submit = () =>
      w.fake.dispatchInteraction({ kind: 'modal', customId: last.modal.custom_id, userId: IDS.alice, messageId: last.messageId, fields: entriesOf(last.modal, {}) });
    const [a, b] = [submit(), submit()];
    await answered(w, a.id);
    await answered(w, b.id);
    await w.discord.idle();
    expect(await w.db.m.Incident.countDocuments()).toBe(1);
    expect(w.fake.callsTo('POST', '/guilds/:guild/channels').map((c) => (c.body as { name: string }).name)).toEqual(['Crisis', 'inc-20261128-001-warehouse-fire']);
  });

  it('a gateway disconnect mid-form resumes the session; the click sent meanwhile is handled exactly once', async () => {
    const w = await openWorld('resume');
    const page1 = modalOf(await interact(w, { kind: 'slash', subcommand: 'raise' }));
    const saved = replyOf(w, await submitModal(w, page1, FIRE));
    const next = buttonOn(saved, 'crisis.page:');

    const resumed = new Promise<void>((resolve) => w.discord.client.once(Events.ShardResume, () => resolve()));
    const received: string[] = [];
    w.discord.client.on(Events.InteractionCreate, (i) => void received.push(i.id));
    await w.fake.disconnect(4000);
    const click = w.fake.dispatchInteraction({ kind: 'button', messageId: saved.data.id, customId: next.custom_id });
    await resumed;
    await answered(w, click.id);

    expect(w.fake.gateway.frames.filter((f) => f.dir === 'in' && f.op === 6)).toHaveLength(1);
    expect(w.fake.gateway.frames.filter((f) => f.dir === 'in' && f.op === 2)).toHaveLength(1);
    const page2 = modalOf({ ...click, response: w.fake.interactionResponse(click.id)! });
    expect(page2.components[0]?.component.custom_id).toBe('people_affected');

    // The rest of the form after the resume: one incident, its room delivered.
    const rest = await fillPages(w, page2, FIRE, {}, saved.data.id);
    const last = await submitModal(w, rest.modal, FIRE, { messageId: rest.messageId });
    await new Promise((r) => setTimeout(r, 100));
    expect(received.filter((id) => id === click.id)).toHaveLength(1);
    expect(w.fake.state.interactions.get(click.id)?.attempts).toHaveLength(1);
    expect(await w.db.m.Incident.countDocuments()).toBe(1);
    expect((await findIncident(w.db, 'INC-20261128-001'))?.room?.name).toBe('inc-20261128-001-warehouse-fire');
    expect(w.fake.interactionResponse(last.id)?.type).toBe(5);
  });
});
