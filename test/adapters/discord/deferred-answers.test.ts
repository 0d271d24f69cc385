import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { startTestDb } from '../../support/core.ts';
import { buttonOn, fillPages, interact, modalOf, openWorld, replyOf, submitModal, textOf, type TestDb, type World } from './support.ts';

let testDb: TestDb;
let w: World;
beforeAll(async () => {
  testDb = await startTestDb();
  // Every command counts as slow: acknowledged at once, answered after.
  w = await openWorld(testDb, 'deferred', { answerWithinMs: 0 });
});
afterAll(async () => {
  await w?.stop();
  await testDb?.stop();
});

describe('Discord: commands slower than Discord’s 3 seconds', () => {
  it('are acknowledged first; a form that can no longer open as a modal waits behind a Continue button, its inline values kept', async () => {
    const help = await interact(w, { kind: 'slash', subcommand: 'help' });
    expect(help.response.type).toBe(5);
    expect(textOf(replyOf(w, help))).toContain('/crisis raise');

    const raise = await interact(w, { kind: 'slash', subcommand: 'raise', options: { title: 'Server room flood' } });
    expect(raise.response.type).toBe(5);
    const offer = replyOf(w, raise);
    const open = buttonOn(offer, 'crisis.page:');
    expect(open.label).toBe(t('en', 'discord.form.continue', { page: 1, pages: 3 }));
    const page1 = modalOf(await interact(w, { kind: 'button', messageId: offer.data.id, customId: open.custom_id }));
    expect(page1.components[0]?.component.value).toBe('Server room flood');

    const values = { type: 'natural-disaster', regions: '2' };
    const last = await fillPages(w, page1, values, {}, offer.data.id);
    await submitModal(w, last.modal, values, { messageId: last.messageId });
    expect(await findIncident(w.db, 'INC-20261128-001')).toMatchObject({ title: 'Server room flood', type: 'natural-disaster', level: 2 });
  });
});
