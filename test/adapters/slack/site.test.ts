import { describe, expect, it } from 'vitest';
import { click, fire, type Msg, room, startWithRoster, submit } from './assessment-flow.ts';
import { type Harness, KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const ERIN = 'U000PLACEHOLDER5'; // operations
const DAVE = 'U000PLACEHOLDER4'; // security
const FRANK = 'U000PLACEHOLDER6'; // financial analyst: not named for the site

/** `/crisis <text>` typed by `user`; what the private answer shows. */
async function answer(h: Harness, text: string, user: string): Promise<string> {
  const before = h.fake.responses.length;
  await h.command(text, user);
  await h.settled();
  return shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
}

const siteCards = (h: Harness) => ((h.fake.messages.get(room(h).id) ?? []) as Msg[]).filter((m) => shown(m.blocks).includes(`Site — ${KEY}`));

describe('Slack: the Site card through real Bolt', () => {
  it('the modal records the site; bad numbers come back on their fields; one card, danger-marked while people are missing, redrawn with chat.update', async () => {
    const h = await startWithRoster(harness);
    await h.raise(fire(h));

    await h.command(`service ${KEY} site`, ERIN);
    await h.settled();
    const view = h.fake.callsTo('views.open').at(-1)!.args.view as { title: { text: string }; blocks: { block_id?: string }[] };
    expect(view.blocks.map((b) => b.block_id)).toEqual(['where', 'commander', 'expected', 'accounted', 'watch']);

    const bad = await submit(h, { where: 'Gate 3', commander: 'erin', expected: '40', accounted: '45', watch: '' }, ERIN);
    expect(bad.body.response_action).toBe('errors');
    expect(bad.body.errors).toEqual({ accounted: 'Accounted for: 45 is more than the expected headcount (40); correct one of the two.' });
    expect(siteCards(h)).toHaveLength(0);

    const ok = await submit(h, { where: 'Gate 3', commander: 'erin', expected: '40', accounted: '37', watch: 'smoke drifting east' }, ERIN);
    expect(ok.status).toBe(200);
    expect(siteCards(h)).toHaveLength(1);
    const card = siteCards(h)[0]!;
    const text = shown(card.blocks);
    expect(text).toContain(`🚨 Site — ${KEY}`);
    expect(text).toContain('expected 40 · accounted for 37 · missing 🔴 3');
    expect(text).toContain('🔴 3 missing — the lead is alerted every 30 min until everyone is accounted for');
    expect(text).toContain('#1 smoke drifting east — Erin Placeholder');

    expect(await answer(h, `service ${KEY} site evac 40 40`, DAVE)).toContain(`Site of ${KEY} updated: evacuation count recorded.`);
    expect(siteCards(h)).toHaveLength(1);
    const redrawn = h.fake.state.findMessage(card.channel, card.ts)! as Msg;
    expect(shown(redrawn.blocks)).toContain('expected 40 · accounted for 40 · missing 0');
    expect(shown(redrawn.blocks)).not.toContain('🔴');
    expect(shown(redrawn.blocks)).not.toContain('🚨');
    expect(h.fake.callsTo('chat.update').some((c) => (c.args as { ts?: string }).ts === card.ts)).toBe(true);

    // The card's Edit opens the same form, filled in.
    const edit = await click(h, redrawn, 'site.edit', DAVE, KEY);
    expect(edit.view!.blocks.map((b) => (b as { block_id?: string }).block_id)).toEqual(['where', 'commander', 'expected', 'accounted', 'watch']);

    expect(await answer(h, `service ${KEY} site area add Warehouse B`, FRANK)).toContain(`Only the lead (Alice Placeholder) or someone holding Operations lead, Security lead may change the Site card of ${KEY}.`);
    expect((await h.timeline()).filter((e) => e.type.startsWith('site.')).map((e) => e.type)).toEqual(['site.post', 'site.evac', 'site.watch', 'site.evac']);
  });

  it('two modals open at once: the second count over the first is sent back with the first shown; a post in one and a note in the other both land', async () => {
    const h = await startWithRoster(harness);
    await h.raise(fire(h));
    await answer(h, `service ${KEY} site evac 20 10`, ERIN);
    await h.command(`service ${KEY} site`, ERIN);
    await h.settled();
    const erinView = [...h.fake.views.keys()].at(-1)!;
    await h.command(`service ${KEY} site`, DAVE);
    await h.settled();
    const daveView = [...h.fake.views.keys()].at(-1)!;
    expect(daveView).not.toBe(erinView);

    const dave = await h.submit({ where: 'Gate 1', commander: '', expected: '20', accounted: '15', watch: '' }, DAVE, daveView);
    expect(dave.status).toBe(200);
    const erin = await h.submit({ where: '', commander: '', expected: '20', accounted: '12', watch: 'tank 4 leaking' }, ERIN, erinView);
    await h.settled();
    const body = erin.body as { response_action: string; errors?: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors?.accounted).toMatch(/^Dave Placeholder recorded the evacuation at .* while you were editing: now 15 of 20 accounted for\. Your values are kept/);
    const site = (await h.incident())!.site!;
    expect(site.evac.at(-1)).toMatchObject({ accounted: 15 });
    expect(site.post.at(-1)).toMatchObject({ where: 'Gate 1' });
    expect(site.watch).toEqual([]);

    // Erin's modal now carries Dave's version: her count and note go in on the next save.
    const again = await h.submit({ where: 'Gate 1', commander: '', expected: '20', accounted: '12', watch: 'tank 4 leaking' }, ERIN, erinView);
    expect(again.status).toBe(200);
    await h.settled();
    const now = (await h.incident())!.site!;
    expect(now.evac.at(-1)).toMatchObject({ accounted: 12, by: { name: 'Erin Placeholder' } });
    expect(now.watch.map((w) => w.text)).toEqual(['tank 4 leaking']);
  });
});
