// An empty plan role on Slack (issue 15): the lead's DM through the real Bolt adapter, its Claim
// button, and the ladder stopping once the role is held.
import { describe, expect, it } from 'vitest';
import { sweep } from '../../../src/scheduler/sweep.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { pickerValue, shown, useHarnesses, withRoster } from './harness.ts';

const harness = useHarnesses();
const ALICE = 'U000PLACEHOLDER1';
type El = { type: string; action_id: string; text?: { text: string } };
type Block = { elements?: El[] };

describe('Slack: a plan role nobody holds', () => {
  it('DMs the lead with a Claim button when the acknowledgement falls due, and stops once the role is claimed', async () => {
    const pb = await loadDefaultPlaybook();
    const playbook = { ...pb, roster: pb.roster.map((p) => ({ ...p, roles: p.roles.filter((r) => r !== 'financial_analyst') })) };
    const h = withRoster(await harness({ rosterInSlack: 0, playbook }));
    const t0 = h.clock.now();
    await h.raise({ title: 'Warehouse fire, building 3', type: 'safety-accident', started_at: pickerValue(h, 5), people_affected: '12' });
    await h.settled();
    const dmOf = (user: string) => [...h.fake.channels.values()].find((c) => c.is_im && c.user === user)?.id;
    const roleDms = () => (h.fake.messages.get(dmOf(ALICE) ?? '') ?? []).filter((m) => m.text.includes('Nobody holds Financial analyst'));

    h.clock.set(new Date(t0.getTime() + 30 * 60_000));
    await sweep(h.core);
    await h.slack.dispatcher.drain();
    await h.settled();
    const [dm] = roleDms();
    expect(dm).toBeDefined();
    expect(shown(dm!.blocks)).toContain('/crisis role INC-20261128-001 assign financial_analyst PERSON');
    const claim = ((dm!.blocks ?? []) as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.type === 'button' && e.action_id.startsWith('role.claim:'));
    expect(claim?.text?.text).toBe('Claim');

    const res = await h.interact(h.fake.buttonClick({ channel: dmOf(ALICE)!, ts: dm!.ts, action_id: claim!.action_id, user: ALICE }));
    expect(res.status).toBe(200);
    await h.settled();
    expect(await h.core.db.m.Incident.findOne({ key: 'INC-20261128-001' }).lean()).toMatchObject({ roles: { financial_analyst: [{ id: ALICE }] } });

    h.clock.set(new Date(t0.getTime() + 45 * 60_000));
    await sweep(h.core);
    await h.slack.dispatcher.drain();
    await h.settled();
    expect(roleDms()).toHaveLength(1);
  });
});
