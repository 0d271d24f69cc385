import { describe, expect, it } from 'vitest';
import { click, fire, type Msg, room, startWithRoster, submit } from './assessment-flow.ts';
import { type Harness, KEY, shown, useHarnesses } from './harness.ts';
import { tickStepsBefore } from '../../support/steps.ts';

const harness = useHarnesses();
const ALICE = 'U000PLACEHOLDER1'; // the lead
const DAVE = 'U000PLACEHOLDER4';

/** `/crisis <text>` typed by `user`; what the private answer shows. */
async function answer(h: Harness, text: string, user: string): Promise<string> {
  const before = h.fake.responses.length;
  await h.command(text, user);
  await h.settled();
  return shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
}

const continuityCards = (h: Harness) => ((h.fake.messages.get(room(h).id) ?? []) as Msg[]).filter((m) => shown(m.blocks).includes(`Business continuity — ${KEY}`));

describe('Slack: business continuity through real Bolt', () => {
  it('the modal marks a function; the card is posted once and edited in place; its button restores; resolve waits for it', async () => {
    const h = await startWithRoster(harness);
    await h.raise(fire(h));

    await h.command(`service ${KEY}`, DAVE);
    await h.settled();
    const view = h.fake.callsTo('views.open').at(-1)!.args.view as { title: { text: string }; blocks: { block_id?: string; element?: { type: string; options?: { value: string }[] } }[] };
    const fn = view.blocks.find((b) => b.block_id === 'function')!;
    expect(fn.element!.type).toBe('static_select');
    // A fire (safety-accident): the plan's own functions first.
    expect(fn.element!.options!.map((o) => o.value).slice(0, 2)).toEqual(['site-safety', 'production']);
    const done = await submit(h, { function: 'site-safety', state: 'down', note: 'building 3 sealed off' }, DAVE);
    expect(done.status).toBe(200);

    expect(continuityCards(h)).toHaveLength(1);
    const card = continuityCards(h)[0]!;
    expect(shown(card.blocks)).toContain('1. Site access and physical security (site-safety) — down for 0 min — RTO 1h: due');
    expect(shown(card.blocks)).toContain('“building 3 sealed off” — Dave Placeholder');

    expect(await answer(h, `service ${KEY} production degraded`, DAVE)).toContain(`Production lines marked degraded in ${KEY}.`);
    expect(continuityCards(h)).toHaveLength(1);
    const redrawn = h.fake.state.findMessage(card.channel, card.ts)! as Msg;
    expect(shown(redrawn.blocks)).toContain('Restore order: site-safety → production');
    expect(h.fake.callsTo('chat.update').some((c) => (c.args as { ts?: string }).ts === card.ts)).toBe(true);

    // Every earlier step done: this test is about the continuity guard alone (open steps are a guard too).
    await tickStepsBefore(h.core, KEY, 'resolve', { id: ALICE, name: 'Alice Placeholder' });
    expect(await answer(h, `phase ${KEY} respond`, ALICE)).toContain('Respond');
    const refused = await answer(h, `phase ${KEY} resolve`, ALICE);
    expect(refused).toContain(`Not moved to Resolve: ${KEY} is not ready.`);
    expect(refused).toContain('still not restored: Site access and physical security (site-safety) (down), Production lines (production) (degraded).');

    expect((await click(h, redrawn, 'service.restored', DAVE, `${KEY}:site-safety`)).said).toContain(`Site access and physical security marked restored in ${KEY}`);
    await answer(h, `service ${KEY} production restored`, DAVE);
    expect(await answer(h, `phase ${KEY} resolve`, ALICE)).toContain(`${KEY} is now in phase Resolve`);
    expect((await h.timeline()).filter((e) => e.type.startsWith('continuity.')).map((e) => [e.type, e.data.fn])).toEqual([
      ['continuity.down', 'site-safety'], ['continuity.degraded', 'production'], ['continuity.restored', 'site-safety'], ['continuity.restored', 'production'],
    ]);
  });
});
