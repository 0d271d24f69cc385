// Corrections after the raise on Slack (issue 19 item 4): the summary's Correct details button opens
// a modal prefilled with what was raised; the summary is edited in place and the timeline keeps the old values.
import { describe, expect, it } from 'vitest';
import { ALICE, CAROL, click, fire, inputsOf, message, startWithRoster, submit } from './assessment-flow.ts';
import { KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

describe('Slack: correcting what was raised', () => {
  it('Correct details opens the prefilled modal; the saved correction redraws the pinned summary and stays traceable', async () => {
    const h = await startWithRoster(harness);
    await h.raise({ ...fire(h), description: 'Smoke in bay 3' }, ALICE);
    const ref = (await h.incident())!.summaryMessage!;
    const summary = message(h, ref.room!, ref.id!);
    const opened = await click(h, summary, 'incident.edit', ALICE);
    expect(opened.open).toMatchObject([{ ok: true }]);
    const inputs = inputsOf(opened.view!);
    expect(Object.keys(inputs)).toEqual(['title', 'description', 'location', 'started_at']);
    expect(inputs.title!.element!.initial_value).toBe('Warehouse fire');
    expect(inputs.description!.element!.initial_value).toBe('Smoke in bay 3');

    const saved = await submit(h, { title: 'Warehouse fire, building 3', description: 'Smoke in bay 4' }, ALICE);
    expect(saved.said).toContain(`${KEY} corrected; the summary is redrawn`);
    expect(saved.said).toContain('Title: “Warehouse fire” → “Warehouse fire, building 3”');
    const redrawn = message(h, ref.room!, ref.id!);
    expect(redrawn.text).toContain('Warehouse fire, building 3');
    expect(shown(redrawn.blocks)).toContain('Smoke in bay 4');
    const edited = (await h.timeline()).filter((e) => e.type === 'incident.edited');
    expect(edited.map((e) => e.data.changes)).toEqual([[
      { field: 'title', from: 'Warehouse fire', to: 'Warehouse fire, building 3' },
      { field: 'description', from: 'Smoke in bay 3', to: 'Smoke in bay 4' },
    ]]);

    // Someone who is neither the lead nor the reporter is told privately; nothing changes.
    const refused = await click(h, redrawn, 'incident.edit', CAROL);
    expect(refused.open).toEqual([]);
    expect(refused.said).toContain(`may correct ${KEY}`);
  });
});
