import { describe, expect, it } from 'vitest';
import { ALICE, fire, type Msg, room, startWithRoster } from './assessment-flow.ts';
import { type Harness, KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

async function answer(h: Harness, text: string, user: string): Promise<string> {
  const before = h.fake.responses.length;
  await h.command(text, user);
  await h.settled();
  return shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
}

describe('Slack: the recovery plan, through real Bolt', () => {
  it('sets a goal, adds a step with a goal, records progress and evaluates; one recovery card in the war room, redrawn with chat.update', async () => {
    const h = await startWithRoster(harness);
    await h.raise(fire(h));
    const war = room(h);
    expect(await answer(h, `action ${KEY} goal business Warehouse shipping again`, ALICE)).toContain(`The Business recovery goal of ${KEY} is set (v1).`);
    expect(await answer(h, `action ${KEY} add Rebuild racking owner=operations due=2026-12-20 goal=business`, ALICE)).toContain(`Action A1 added to ${KEY}`);
    expect(await answer(h, `action ${KEY} progress A1 abc`, ALICE)).toContain("Progress: 'abc' is not a whole number from 0 to 100");
    expect(await answer(h, `action ${KEY} progress A1 30`, ALICE)).toContain(`A1 of ${KEY} is at 30%.`);
    expect(await answer(h, `action ${KEY} evaluate business not-met racking still down`, ALICE)).toContain(`The Business goal of ${KEY} is evaluated (v1): not met.`);

    const cards = ((h.fake.messages.get(war.id) ?? []) as Msg[]).filter((m) => shown([m.blocks]).includes(`Recovery plan — ${KEY}`));
    expect(cards).toHaveLength(1);
    const text = shown([cards[0]!.blocks]);
    expect(text).toContain('progress 30% over 1 step(s), 0 overdue');
    expect(text).toContain('Evaluation v1 by Alice Placeholder: not met — racking still down');
    expect(h.fake.callsTo('chat.update').filter((c) => c.args.ts === cards[0]!.ts).length).toBeGreaterThan(0);
    expect((await h.incident())!.recoveryMessage?.id).toBe(cards[0]!.ts);
  });
});
