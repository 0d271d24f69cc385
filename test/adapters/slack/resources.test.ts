import { describe, expect, it } from 'vitest';
import { allocatedOf } from '../../../src/store/stock.ts';
import { click, fire, type Msg, startWithRoster, submit } from './assessment-flow.ts';
import { type Harness, KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const ALICE = 'U000PLACEHOLDER1';
const DAVE = 'U000PLACEHOLDER4'; // security: the first-aid kits' contact role

const dmsTo = (h: Harness, user: string): Msg[] =>
  [...h.fake.channels.values()].filter((c) => c.is_im && c.user === user).flatMap((c) => (h.fake.messages.get(c.id) ?? []) as Msg[]);

async function request(h: Harness, values: Record<string, string>) {
  await h.command(`request ${KEY}`, ALICE);
  await h.settled();
  return submit(h, values, ALICE);
}

describe('Slack: resource requests through real Bolt', () => {
  it('a request from the modal reaches the contact role by DM; Approve allocates, Release gives back; too many is refused in the modal', async () => {
    const h = await startWithRoster(harness);
    await h.raise(fire(h));

    const tooMany = await request(h, { resource: 'first-aid-kits', quantity: '21', purpose: 'first aid' });
    expect(tooMany.body).toMatchObject({ response_action: 'errors', errors: { quantity: 'Quantity: 21 is more than is available of first-aid-kits: 20 kits left.' } });

    await request(h, { resource: 'first-aid-kits', quantity: '8', purpose: 'first aid' });
    const ask = dmsTo(h, DAVE).find((m) => shown(m.blocks).includes(`Resource request R1 for ${KEY}`))!;
    expect(shown(ask.blocks)).toContain('Available now: 20 kits.');
    expect((await click(h, ask, 'resource.approve', DAVE, `${KEY}:R1`)).said).toContain('R1 approved: 8 kits allocated; 12 kits left.');
    expect(await allocatedOf(h.db, 'first-aid-kits')).toBe(8);
    // A second click (or the other approver) changes nothing and takes nothing more.
    expect((await click(h, ask, 'resource.approve', DAVE, `${KEY}:R1`)).said).toContain('was already decided (approved); nothing changed.');
    expect(await allocatedOf(h.db, 'first-aid-kits')).toBe(8);

    await h.command(`resource ${KEY} release R1`, ALICE);
    await h.settled();
    expect(await allocatedOf(h.db, 'first-aid-kits')).toBe(0);
    expect((await h.timeline()).filter((e) => e.type.startsWith('resource.')).map((e) => e.type)).toEqual(['resource.requested', 'resource.approved', 'resource.released']);
  });
});
