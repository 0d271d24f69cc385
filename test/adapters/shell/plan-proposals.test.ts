import { describe, expect, it } from 'vitest';
import { listProposals } from '../../../src/plans/store.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { testClock, useTestCore } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

// The plan-change form on the terminal: one prompt per field, a bad answer named by its field and
// asked again, the rest of what was typed kept; the list shows each proposal with its status.

const clock = testClock();
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };

describe('plan-change proposals on the terminal', () => {
  it('proposes through the form, names each bad field (step, owner role, deadline, new step id) and keeps every other answer', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const key = (await shell.type('/crisis raise title="Rumour online" type=reputation', '/skip')).match(/(INC-\d{8}-\d{3})/)![1]!;
    const a = shell.as(alice);

    // An unknown step is refused at its prompt and asked again.
    const first = await a.type(`/crisis report ${key} propose`, 'change-owner', 'no-such-step');
    expect(first).toContain('== Propose a plan change — INC-20261128-001 ==');
    expect(first).toContain("Step (remove, reorder, owner, due): 'no-such-step' is not allowed; use one of: log-coverage, verify-claims,");
    // The owner left out, then an unknown role: each named, the step and the why kept.
    const noOwner = await a.type('legal-review', '/skip', 'legal was away in the drill');
    expect(noOwner).toContain("Owner role: needed for change a step's owner.");
    expect(noOwner).toContain('? Owner role (add-step, change-owner)');
    const badRole = await a.type('chef');
    expect(badRole).toContain("Owner role: 'chef' is not a role; use one of: crisis_lead,");
    expect(badRole).not.toContain('? Why');
    expect(await a.type('communications lead')).toContain(`Proposal P1 recorded for plan reputation: step legal-review owner → comms.`);

    // A deadline that is not a duration; then fixed.
    const badDue = await a.type(`/crisis report ${key} propose`, 'change-due', 'verify-claims', '', '', '', '', '', '1: soon', '', '', '', '', 'claims took longer than 1h');
    expect(badDue).toContain("Due per level: '1: soon' is not a deadline per level; write it like 1: 2h, 2: 4h");
    expect(await a.type('1: 2h, 2：3h')).toContain('Proposal P2 recorded for plan reputation: step verify-claims due → 1: 2h, 2: 3h.');

    // A new step: a bad id and a deadline missing for some levels, both named in one go.
    const badStep = await a.type(`/crisis report ${key} propose`, 'add-step', '', 'Call Insurer', 'Call the insurer', '联系保险公司', 'assess', 'legal_counsel', '1: 2h', '', '', '', '', 'the insurer asked to be told within 4h');
    expect(badStep).toContain("New step id: 'Call Insurer' is not a step id; use lower-case words joined by hyphens, like call-insurer.");
    expect(badStep).toContain('Due per level: a new step needs a deadline for each of the levels 1 to 4; missing: 2, 3, 4.');
    // Asked again: the two fields in question, nothing else (the titles, phase, owner and why are kept).
    expect(badStep.slice(badStep.indexOf("New step id: 'Call Insurer'")).match(/^\? .*/gm)).toEqual(['? New step id (add-step) (optional)']);
    expect((await a.type('call-insurer')).match(/^\? .*/gm)).toEqual(['? Due per level (add-step, change-due) (optional)']);
    expect(await a.type('1: 2h, 2: 4h, 3: 8h, 4: 1d')).toContain('Proposal P3 recorded for plan reputation: add step call-insurer (assess, legal_counsel): Call the insurer.');

    const list = await a.type(`/crisis report ${key} proposals`);
    expect(list).toContain('== Plan-change proposals — reputation ==');
    expect(list).toContain('P1 [open] step legal-review owner → comms — legal was away in the drill — Alice Placeholder, 2026-11-28');
    expect(list).toContain('P3 [open] add step call-insurer');
    const all = await listProposals(t.core.db);
    expect(all.map((p) => [p.id, p.incidentKey, p.plan, p.change.kind, p.status])).toEqual([
      ['P1', key, 'reputation', 'change-owner', 'open'],
      ['P2', key, 'reputation', 'change-due', 'open'],
      ['P3', key, 'reputation', 'add-step', 'open'],
    ]);
    expect(all[2]!.change).toEqual({ kind: 'add-step', step: { id: 'call-insurer', phase: 'assess', owner: 'legal_counsel', due: { 1: '2h', 2: '4h', 3: '8h', 4: '1d' }, title: { en: 'Call the insurer', 'zh-CN': '联系保险公司' } } });
    expect((await readTimeline(t.core.db, key)).filter((e) => e.type === 'plan.proposed').map((e) => e.data.id)).toEqual(['P1', 'P2', 'P3']);
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('Alice Placeholder proposed P1 for plan reputation: step legal-review owner → comms — legal was away in the drill');

    // Evergreen: a plan last reviewed more than a year ago is said to be due in the list.
    expect(list).not.toContain('due for review');
    t.core.playbook.plans.find((p) => p.id === 'reputation')!.reviewed_at = '2025-10-01';
    expect(await a.type(`/crisis report ${key} proposals`)).toContain('Plan reputation is due for review: last reviewed on 2025-10-01, and the playbook asks for a review every 365d (due since 2026-10-01).');
    t.core.playbook.plans.find((p) => p.id === 'reputation')!.reviewed_at = undefined;
  });
});
