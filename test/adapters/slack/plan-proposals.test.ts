import { describe, expect, it } from 'vitest';
import { listProposals } from '../../../src/plans/store.ts';
import { ALICE, fire, startWithRoster, type View } from './assessment-flow.ts';
import { KEY, shown, useHarnesses } from './harness.ts';

// The plan-change form as a Slack modal through the real Bolt: each bad field named on its block
// (the modal stays open with what was typed), the same submission delivered twice makes one proposal.

const harness = useHarnesses();

describe('Slack: plan-change proposals through real Bolt', () => {
  it('names a bad step, deadline and role on their fields, records one proposal for a submission delivered twice, lists it', async () => {
    const h = await startWithRoster(harness);
    await h.raise({ ...fire(h), type: 'reputation' });
    const opened = h.fake.callsTo('views.open').length;
    await h.command(`report ${KEY} propose`, ALICE);
    await h.settled();
    const view = h.fake.callsTo('views.open')[opened]!.args.view as View;
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['plan', 'kind', 'step', 'newStep', 'titleEn', 'titleZh', 'phase', 'owner', 'due', 'position', 'audience', 'textEn', 'textZh', 'why']);
    const viewId = [...h.fake.views.keys()].at(-1)!;

    const errorsOf = async (values: Record<string, string>) => ((await h.submit(values, ALICE, viewId)).body as { response_action: string; errors: Record<string, string> });
    expect(await errorsOf({ plan: 'cyber-attack', kind: 'change-owner', step: 'legal-review', owner: 'comms', why: 'legal was away' })).toEqual({
      response_action: 'errors',
      errors: { step: expect.stringMatching(/^Step: 'legal-review' is not a step of cyber-attack; its steps: /) },
    });
    expect((await errorsOf({ kind: 'change-due', step: 'verify-claims', due: '1: soon', why: 'slow' })).errors).toEqual({ due: expect.stringMatching(/^Due per level: '1: soon' is not a deadline per level; write it like 1: 2h, 2: 4h/) });
    expect((await errorsOf({ kind: 'change-owner', step: 'legal-review', owner: 'chef', why: 'legal was away' })).errors).toEqual({ owner: expect.stringMatching(/^Owner role: 'chef' is not a role; use one of: crisis_lead,/) });
    expect(await listProposals(h.db)).toEqual([]);

    // The same submission delivered twice (Slack retries when the ack is slow): one proposal.
    const payload = h.fake.viewSubmission({ view_id: viewId, user: ALICE, values: { kind: { kind: 'change-owner' }, step: { step: 'legal-review' }, owner: { owner: 'comms' }, why: { why: 'legal was away' } } });
    const first = await h.interact(payload);
    const again = await h.interact(payload);
    await h.settled();
    expect(shown((first.body as { view: View }).view.blocks)).toContain('Proposal P1 recorded for plan reputation: step legal-review owner → comms.');
    expect(again.status).toBe(200);
    expect((await listProposals(h.db)).map((p) => [p.id, p.change.kind, p.by.name])).toEqual([['P1', 'change-owner', 'Alice Placeholder']]);
    expect((await h.timeline()).filter((e) => e.type === 'plan.proposed').length).toBe(1);

    const before = h.fake.responses.length;
    await h.command(`report ${KEY} proposals`, ALICE);
    await h.settled();
    const list = shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
    expect(list).toContain('Plan-change proposals — reputation');
    expect(list).toContain('P1 [open] step legal-review owner → comms — legal was away — Alice Placeholder, 2026-11-28');
  });
});
