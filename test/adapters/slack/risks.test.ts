import { describe, expect, it } from 'vitest';
import { readRisk } from '../../../src/risks/register.ts';
import { planReviewTick } from '../../../src/plans/evergreen.ts';
import { riskTick } from '../../../src/risks/reminders.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { ALICE, inputsOf, type Msg, startWithRoster, submit } from './assessment-flow.ts';
import { type Harness, OPS, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const BOB = 'U000PLACEHOLDER2'; // monitoring_leader: keeps the register
const DAVE = 'U000PLACEHOLDER4'; // security: owns ransomware
const ERIN = 'U000PLACEHOLDER5'; // operations

async function answer(h: Harness, text: string, user: string): Promise<string> {
  const before = h.fake.responses.length;
  await h.command(text, user);
  await h.settled();
  return shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
}

const dmsTo = (h: Harness, user: string): Msg[] =>
  [...h.fake.channels.values()].filter((c) => c.is_im && c.user === user).flatMap((c) => (h.fake.messages.get(c.id) ?? []) as Msg[]);

/** The shipped playbook with the monitoring channel on Slack (#ops), where the weekly digest goes. */
async function withMonitoring() {
  const pb = await loadDefaultPlaybook();
  return { ...pb, signals: { ...pb.signals!, monitoring: [{ platform: 'slack' as const, workspace: 'T0', channel: OPS, name: 'ops' }] } };
}

describe('Slack: the risk register through real Bolt', () => {
  it('adds a risk from the modal (bad values named in the modal, nothing typed lost), updates it keeping a version, and reminds the owner by DM when its review falls due', async () => {
    const h = await startWithRoster(harness, { playbook: await withMonitoring() });
    expect(await answer(h, 'risk', BOB)).toContain('Risk register — 9 active, 0 overdue for review');

    await h.command('risk add title="Fire at the plant"', ERIN);
    await h.settled();
    const view = h.fake.callsTo('views.open').at(-1)!.args.view as { title: { text: string }; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    expect(view.title.text).toBe('Add a risk');
    expect(inputsOf(view as never).title?.element?.initial_value).toBe('Fire at the plant');

    const bad = await submit(h, { title: 'Fire at the plant', category: 'safety', likelihood: '6', impact: '4', owner: 'nobody', mitigation: 'Sprinklers', next_review: '2020-01-01' }, ERIN);
    expect(bad.body).toMatchObject({
      response_action: 'errors',
      errors: {
        likelihood: 'Likelihood (1–5) must be a whole number from 1 to 5, e.g. 3.',
        owner: expect.stringContaining("Owner: 'nobody' is neither a role of roles.yml nor a person of roster.yml"),
        next_review: expect.stringContaining('Next review: 2020-01-01 is not after today'),
      },
    });
    const good = await submit(h, { title: 'Fire at the plant', category: 'safety', likelihood: '2', impact: '4', owner: 'operations', mitigation: 'Sprinklers', next_review: '' }, ERIN);
    expect(good.status).toBe(200);
    const r = (await readRisk(h.db, 'risk-1'))!;
    expect(r).toMatchObject({ title: 'Fire at the plant', likelihood: 2, impact: 4, rating: 'medium', ownerRole: 'operations', platform: 'slack' });

    // The owner's role holder updates with a reason: version 2 with who and why.
    expect(await answer(h, 'risk update risk-1 impact=5 reason="the plant doubled in size"', ERIN)).toBe('');
    await submit(h, {}, ERIN);
    const v2 = (await readRisk(h.db, 'risk-1'))!;
    expect(v2.versions.map((v) => [v.v, v.kind, v.by.name, v.impact, v.reason ?? ''])).toEqual([
      [1, 'created', 'Erin Placeholder', 4, ''],
      [2, 'updated', 'Erin Placeholder', 5, 'the plant doubled in size'],
    ]);
    expect(await answer(h, 'risk show risk-1', BOB)).toMatch(/v2 .* Erin Placeholder: updated \(2×5=10 medium/);
    expect(await answer(h, 'risk update ransomware reason=x', ERIN)).toContain('Only the owner of ransomware, the monitoring group or the crisis lead may change it.');

    // A month on, ransomware (high: every 30 days) is due: Dave (security) gets one DM, #ops the digest.
    h.clock.set(new Date(h.clock.now().getTime() + 31 * 86_400_000));
    await riskTick(h.core);
    await h.slack.dispatcher.drain();
    await riskTick(h.core);
    await h.slack.dispatcher.drain();
    await h.settled();
    const reminders = dmsTo(h, DAVE).filter((m) => shown(m.blocks).includes('Risk review due: ransomware'));
    expect(reminders).toHaveLength(1);
    expect(shown(reminders[0]!.blocks)).toContain('/crisis risk review ransomware');
    const digest = (h.fake.messages.get(OPS) ?? []) as Msg[];
    expect(digest.filter((m) => shown(m.blocks).includes('Risk reviews this week'))).toHaveLength(1);
  });

  it('reminds the lead by DM, once a week, of a plan past its review (evergreen)', async () => {
    const pb = await withMonitoring();
    const playbook = { ...pb, plans: pb.plans.map((p) => (p.id === 'reputation' ? { ...p, reviewed_at: '2025-12-02' } : p)) };
    const h = await startWithRoster(harness, { playbook });
    const reminders = () => dmsTo(h, ALICE).filter((m) => shown(m.blocks).includes('Plan review due: reputation'));
    for (const days of [0, 1, 7]) {
      h.clock.set(new Date(Date.parse('2026-12-02T10:00:00Z') + days * 86_400_000));
      await planReviewTick(h.core);
      await h.slack.dispatcher.drain();
      await h.settled();
    }
    // 2026-12-02 and a day later: one DM; a week on: the second.
    expect(reminders()).toHaveLength(2);
    expect(shown(reminders()[0]!.blocks)).toContain('was last reviewed on 2025-12-02');
    expect(shown(reminders()[1]!.blocks)).toContain('Reminder 2: one comes each week until the plan is reviewed.');
  });
});
