import { describe, expect, it } from 'vitest';
import { sweep } from '../../../src/scheduler/sweep.ts';
import { click, fire, type Msg, room, startWithRoster } from './assessment-flow.ts';
import { type Harness, KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const ALICE = 'U000PLACEHOLDER1';
const BOB = 'U000PLACEHOLDER2';
const DAVE = 'U000PLACEHOLDER4';
const MIN = 60_000;

/** `/crisis <text>` typed by `user`; what the private answer shows. */
async function answer(h: Harness, text: string, user: string): Promise<string> {
  const before = h.fake.responses.length;
  await h.command(text, user);
  await h.settled();
  return shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
}

/** Messages the bot posted into `user`'s DM. */
const dmsTo = (h: Harness, user: string): Msg[] =>
  [...h.fake.channels.values()].filter((c) => c.is_im && c.user === user).flatMap((c) => (h.fake.messages.get(c.id) ?? []) as Msg[]);

describe('Slack: roles and the lead handover, through real Bolt', () => {
  it('assigns with a brief by DM; the new lead accepts from the DM button and gets the next overdue step escalation', async () => {
    const h = await startWithRoster(harness);
    const t0 = h.clock.now().getTime();
    await h.raise(fire(h));
    const war = room(h);

    // Alice (the lead) assigns comms to Dave: his DM holds the role's brief and his open steps.
    expect(await answer(h, `role ${KEY} assign comms <@${DAVE}|dave>`, ALICE)).toContain(`Dave Placeholder holds Communications lead in ${KEY} now`);
    const brief = dmsTo(h, DAVE).find((m) => shown(m.blocks).includes(`Your role in ${KEY}: Communications lead`))!;
    expect(shown(brief.blocks)).toContain('Your open steps:');
    expect(await answer(h, `role ${KEY} assign comms nobody`, ALICE)).toMatch(/Person: 'nobody' is not in roster.yml; use one of: alice/);

    // The handover offer waits in Bob's DM; until he accepts, Alice leads.
    expect(await answer(h, `role ${KEY} handover bob`, ALICE)).toContain('You stay lead until they accept.');
    expect((await h.incident())!.lead?.id).toBe(ALICE);
    const offer = dmsTo(h, BOB).find((m) => shown(m.blocks).includes(`Take over the lead of ${KEY}?`))!;
    expect((await click(h, offer, 'role.accept', BOB, KEY)).said).toContain(`You lead ${KEY} now.`);
    expect((await h.incident())!.lead).toEqual({ id: BOB, name: 'Bob Placeholder' });
    expect(h.fake.messages.get(war.id)!.some((m) => shown(m.blocks).includes('Bob Placeholder accepted: Bob Placeholder leads the incident now.'))).toBe(true);

    // Step 1 (Dave, due 10:15) reaches its owners at once and the lead 15 minutes later: Bob, not Alice.
    h.clock.set(new Date(t0 + 16 * MIN));
    await sweep(h.core);
    await h.slack.dispatcher.drain();
    h.clock.set(new Date(t0 + 31 * MIN));
    const before = { alice: dmsTo(h, ALICE).length, bob: dmsTo(h, BOB).length };
    await sweep(h.core);
    await h.slack.dispatcher.drain();
    await h.settled();
    const toBob = dmsTo(h, BOB).slice(before.bob).map((m) => m.text);
    expect(toBob).toContain(`Step 1 of ${KEY} is overdue`);
    expect(dmsTo(h, ALICE).slice(before.alice).map((m) => m.text)).not.toContain(`Step 1 of ${KEY} is overdue`);
  });
});
