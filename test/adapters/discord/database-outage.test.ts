// The database goes away under the Discord adapter: a submitted form page is answered with what
// happened (nothing recorded) and a Try again button that opens the page filled in; once the
// database is back, submitting it records once. Commands say the database is unreachable.
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { answering, outageProxy, type OutageProxy } from '../outage-proxy.ts';
import { buttonOn, interact, modalOf, raiseIncident, raiseUpToLastPage, replyOf, shownValues, submitModal, textOf, unescape, useWorlds, type World } from './support.ts';

const open = useWorlds();
const proxies: OutageProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.stop();
});

const KEY = 'INC-20261128-001';
const FIRE = { title: 'Warehouse fire', type: 'safety-accident', location: 'Dock 4' };
const NOT_RECORDED = t('en', 'outage.discord.form');

async function withOutage(name: string): Promise<{ w: World; proxy: OutageProxy }> {
  let proxy!: OutageProxy;
  const w = await open(name, { db: { serverSelectionTimeoutMS: 300, via: async (uri) => (proxy = await outageProxy(uri)).uri } });
  proxies.push(proxy);
  return { w, proxy };
}

const warRooms = (w: World) => [...w.fake.state.channels.values()].filter((c) => c.name?.startsWith('inc-'));

describe('Discord with the database unreachable', () => {
  it('the last page of a raise says nothing was recorded, Try again opens it filled in, and it raises once when the database is back', async () => {
    const { w, proxy } = await withOutage('outage_raise');
    const last = await raiseUpToLastPage(w, FIRE);
    proxy.cut();
    const refused = await submitModal(w, last.modal, { drill: 'yes' }, { messageId: last.messageId });
    const said = replyOf(w, refused);
    expect(unescape(textOf(said))).toContain(NOT_RECORDED);
    expect(unescape(textOf(said))).not.toMatch(/raised|Something went wrong/);
    const retry = buttonOn(said, 'crisis.page:');
    expect(retry.label).toBe('Try again');

    proxy.restore();

    await answering(w.db.conn);
    const page = modalOf(await interact(w, { kind: 'button', messageId: said.data.id, customId: retry.custom_id }));
    expect(page.custom_id).toBe(last.modal.custom_id);
    expect(shownValues(page)).toMatchObject({ drill: 'yes' });
    const done = await submitModal(w, page, {}, { messageId: said.data.id });
    expect(unescape(textOf(replyOf(w, done)))).toContain(`${KEY} raised: Warehouse fire`);
    expect(await w.db.m.Incident.countDocuments()).toBe(1);
    expect(await w.db.m.Incident.findById(KEY).lean()).toMatchObject({ location: 'Dock 4', drill: true });
    expect(warRooms(w)).toHaveLength(1);
  });

  it('an update keeps its text through the outage: Try again says so while the database is still down, then opens it filled in', async () => {
    const { w, proxy } = await withOutage('outage_update');
    await raiseIncident(w, FIRE);
    const form = modalOf(await interact(w, { kind: 'slash', subcommand: 'update', options: { key: KEY } }));
    proxy.cut();
    const refused = await submitModal(w, form, { text: 'Fire contained on floor 2' });
    const said = replyOf(w, refused);
    expect(unescape(textOf(said))).toContain(NOT_RECORDED);
    const retry = buttonOn(said, 'crisis.page:');

    // Still down: the page cannot be defined again (it names the incident), and nothing is dropped.
    const early = await interact(w, { kind: 'button', messageId: said.data.id, customId: retry.custom_id });
    expect(unescape(textOf(replyOf(w, early)))).toContain(NOT_RECORDED);

    proxy.restore();

    await answering(w.db.conn);
    const page = modalOf(await interact(w, { kind: 'button', messageId: said.data.id, customId: retry.custom_id }));
    expect(shownValues(page)).toEqual({ text: 'Fire contained on floor 2' });
    const done = await submitModal(w, page, {});
    expect(unescape(textOf(replyOf(w, done)))).toContain(`Update 1 of ${KEY} posted`);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'status.update')).toHaveLength(1);
  });

  it('a command says the database is unreachable', async () => {
    const { w, proxy } = await withOutage('outage_command');
    proxy.cut();
    const status = await interact(w, { kind: 'slash', subcommand: 'status' });
    expect(unescape(textOf(replyOf(w, status)))).toContain('The database is unreachable, so nothing was done. Try again in a moment.');
    proxy.restore();
    await answering(w.db.conn);
  });
});
