// Corrections after the raise on Discord (issue 19 item 4): /crisis edit opens a modal prefilled with
// what was raised; the pinned summary is edited in place and the old values stay in the timeline.
import { describe, expect, it } from 'vitest';
import { readTimeline } from '../../../src/store/timeline.ts';
import { interact, modalOf, raiseIncident, replyOf, shownValues, submitModal, textOf, unescape, useWorlds } from './support.ts';

const open = useWorlds();
const KEY = 'INC-20261128-001';

describe('Discord: correcting what was raised', () => {
  it('the edit modal starts from the raised values; saving redraws the summary and keeps the old values in the timeline', async () => {
    const w = await open('edit');
    await raiseIncident(w, { title: 'Warehouse fier', type: 'safety-accident', location: 'Dock 4' });
    const form = modalOf(await interact(w, { kind: 'slash', subcommand: 'edit', options: { key: KEY } }));
    expect(shownValues(form)).toMatchObject({ title: 'Warehouse fier', location: 'Dock 4' });
    const done = await submitModal(w, form, { title: 'Warehouse fire', location: 'Dock 5' });
    const said = unescape(textOf(replyOf(w, done)));
    expect(said).toContain(`${KEY} corrected; the summary is redrawn`);
    expect(said).toContain('Where: “Dock 4” → “Dock 5”');
    const ref = (await w.db.m.Incident.findById(KEY).lean())!.summaryMessage!;
    const summary = w.fake.state.message(ref.id!);
    expect(unescape(textOf(summary!))).toContain('Warehouse fire');
    expect(unescape(textOf(summary!))).toContain('Dock 5');
    const edited = (await readTimeline(w.db, KEY)).filter((e) => e.type === 'incident.edited');
    expect(edited.map((e) => e.data.changes)).toEqual([[{ field: 'title', from: 'Warehouse fier', to: 'Warehouse fire' }, { field: 'location', from: 'Dock 4', to: 'Dock 5' }]]);
  });
});
