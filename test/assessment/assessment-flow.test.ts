import { describe, expect, it } from 'vitest';
import { currentFacts } from '../../src/domain/assessment.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { findStep } from '../../src/store/steps.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });

const KEY = 'INC-20261128-001';
const ROOM = '[#inc-20261128-001-warehouse-fire]';
const lines = (out: string, prefix: string) => out.split('\n').filter((l) => l.startsWith(prefix));
const erin = { id: 'erin', name: 'Erin Placeholder' };
const frank = { id: 'frank', name: 'Frank Placeholder' };
const heidi = { id: 'heidi', name: 'Heidi Placeholder' };
const alice = { id: 'alice', name: 'Alice Placeholder' };
const carol = { id: 'carol', name: 'Carol Placeholder' };

describe('assessment on the terminal: facts verified by another person, impact scored, level re-graded', () => {
  it('runs the whole assessment and keeps every version, verification and change in the store and the timeline', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const raised = await shell.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip');

    // The war room gets the assessment card; each member of the plan's assessment team a DM with the deadline.
    expect(raised).toContain(`${ROOM} == Assessment and fact sheet — ${KEY} ==`);
    expect(raised).toContain(`${ROOM} Assessment team: @Heidi Placeholder (Legal counsel), @Erin Placeholder (Crisis management expert), @Frank Placeholder (Financial analyst)`);
    expect(raised).toContain(`${ROOM} First assessment due by 2026-11-28 11:00`);
    for (const who of ['erin', 'frank', 'heidi']) {
      expect(lines(raised, `[DM @${who}]`)).toEqual([
        `[DM @${who}] == You are on the assessment team for ${KEY}: Warehouse fire ==`,
        `[DM @${who}] Gather and verify the facts and assess the impact (Level 2 — Serious). First assessment due by 2026-11-28 11:00`,
        `[DM @${who}] War room: #inc-20261128-001-warehouse-fire`,
        `[DM @${who}] [Add fact: /crisis fact ${KEY}] [Assess impact: /crisis impact ${KEY}]`,
      ]);
    }
    expect(raised).not.toContain('[DM @bob] == You are on the assessment team');

    // Two facts, one through /crisis assess.
    const f1 = await shell.as(erin).type(`/crisis fact ${KEY}`, 'Roof of building 3 collapsed', '2026-11-28 09:40', 'Building 3', '', 'two workers', 'on-site', 'high');
    expect(f1).toContain(`Fact F1 added to ${KEY}; it stays unverified until someone else verifies it.`);
    expect(f1).toContain(`${ROOM} ? F1 Roof of building 3 collapsed — 2026-11-28 09:40 — Building 3 — On-site investigation, high confidence — unverified (added by Erin Placeholder)`);
    expect(f1).toContain(`${ROOM} == Fact F1 added by Erin Placeholder ==`);
    expect(f1).toContain(`${ROOM} [Verify: /crisis fact ${KEY} verify F1] [Dispute: /crisis fact ${KEY} dispute F1] [Correct: /crisis fact ${KEY} correct F1]`);
    const f2 = await shell.as(frank).type(`/crisis assess ${KEY} fact`, 'A second fire started in building 4', '', '', 'sparks from the roof', '', 'media', 'low');
    expect(f2).toContain(`Fact F2 added to ${KEY}`);

    // Verified by someone else; disputed with a note.
    expect(await shell.as(erin).type(`/crisis fact ${KEY} verify F1`)).toContain(`You added F1 of ${KEY} yourself; someone else must verify it.`);
    const verified = await shell.as(frank).type(`/crisis fact ${KEY} verify F1`);
    expect(verified).toContain(`Fact F1 of ${KEY} verified.`);
    expect(verified).toContain(`${ROOM} ✓ F1 Roof of building 3 collapsed`);
    expect(await shell.as(heidi).type(`/crisis fact ${KEY} verify F1`)).toContain(`F1 of ${KEY} was already verified by Frank Placeholder; nothing changed.`);
    const disputed = await shell.as(heidi).type(`/crisis fact ${KEY} dispute F2`, 'The fire brigade saw no fire in building 4');
    expect(disputed).toContain(`Fact F2 of ${KEY} marked disputed.`);
    expect(disputed).toContain(`${ROOM} ! F2 A second fire started in building 4 — cause: sparks from the roof — Media report, low confidence — disputed by Heidi Placeholder: The fire brigade saw no fire in building 4`);

    // Impact: the criteria now point at level 1, and the card says so with its buttons.
    const impact = await shell.as(frank).type(
      `/crisis impact ${KEY}`,
      ...['3', 'line stopped', '2', '', '4', 'national press', '1', ''],
      ...['1200000', '', '500000', 'customer churn'],
      ...['150', '0', '1', 'national', 'partial'],
    );
    expect(impact).toContain(`Impact assessment 1 of ${KEY} recorded; the fact sheet is updated.`);
    expect(impact).toContain(`The criteria now point at level 1 (now level 2): people affected 150 ≥ 100.`);
    expect(impact).toContain(`${ROOM} Operations 3/5 (line stopped) · Finance 2/5 · Reputation 4/5 (national press) · Personnel 1/5`);
    expect(impact).toContain(`${ROOM} direct loss 1,200,000 CNY · indirect loss ≈ 500,000 CNY (customer churn)`);
    expect(impact).toContain(`${ROOM} [Change to level 1: /crisis level ${KEY} 1] [Keep level 2: /crisis level ${KEY} keep 1]`);

    // Only the lead (or level_change_roles) may change it; a change needs a reason.
    expect(await shell.as(carol).type(`/crisis level ${KEY} 1 looks worse`)).toContain(
      `Only the incident lead or these roles may change the level of ${KEY}: Alice Placeholder, Crisis management expert.`,
    );
    expect((await findIncident(t.core.db, KEY))!.level).toBe(2);
    const changed = await shell.as(alice).type(`/crisis level ${KEY} 1`, 'More than 100 people affected');
    expect(changed).toContain('? Reason for the change');
    expect(changed).toContain(`${KEY} is now level 1; 14 open steps re-timed, and the war room has been told.`);
    expect(changed).toContain(`${ROOM} == ${KEY}: level 2 → level 1 ==`);
    expect(changed).toContain(`${ROOM} Changed from level 2 to level 1 by Alice Placeholder — More than 100 people affected`);
    expect(changed).toMatch(/☐ 2\. Verify the report.+ — due 2026-11-28 10:15/);
    expect(changed).not.toContain('[Change to level 1]');

    // A correction is a new version; the verified one stays as it was.
    const corrected = await shell.as(erin).type(`/crisis fact ${KEY} correct F1`, '', '', '', 'gas leak', '', '', '');
    expect(corrected).toContain(`Fact F1 of ${KEY} corrected (version 2); the new version needs verifying again.`);
    expect(corrected).toContain(`${ROOM} ? F1 (v2) Roof of building 3 collapsed — 2026-11-28 09:40 — Building 3 · cause: gas leak`);

    // The store.
    const incident = (await findIncident(t.core.db, KEY))!;
    expect(incident.level).toBe(1);
    expect(incident.levelChange).toMatchObject({ from: 2, reason: 'More than 100 people affected', by: { id: 'alice' } });
    expect(incident.facts!.map((f) => [f.id, f.v, f.status, f.verifiedBy?.id ?? f.disputedBy?.id])).toEqual([
      ['F1', 1, 'verified', 'frank'],
      ['F2', 1, 'disputed', 'heidi'],
      ['F1', 2, 'unverified', undefined],
    ]);
    expect(currentFacts(incident.facts!).map((f) => `${f.id}v${f.v}`)).toEqual(['F1v2', 'F2v1']);
    expect(incident.impacts![0]).toMatchObject({ n: 1, scores: { operations: { score: 3, note: 'line stopped' } }, directLoss: { amount: 1_200_000, currency: 'CNY' }, criteria: { people_affected: 150 } });
    const step2 = (await findStep(t.core.db, KEY, 2))!;
    expect(step2.dueAt).toEqual(new Date('2026-11-28T10:15:00'));
    expect(step2.version).toBe(1);
    const types = (await readTimeline(t.core.db, KEY)).map((e) => e.type);
    expect(types.filter((x) => x.startsWith('fact.') || x.startsWith('impact.') || x.startsWith('level.'))).toEqual([
      'fact.added', 'fact.added', 'fact.verified', 'fact.disputed', 'impact.assessed', 'level.suggested', 'level.changed', 'fact.corrected',
    ]);
    const timeline = await shell.type(`/crisis timeline ${KEY}`);
    expect(timeline).toContain('fact F1 added by Erin Placeholder: Roof of building 3 collapsed');
    expect(timeline).toContain('fact F1 corrected by Erin Placeholder (version 2): Roof of building 3 collapsed');
    expect(timeline).toContain('level changed from 2 to 1 by Alice Placeholder — More than 100 people affected (14 steps re-timed)');

    // The re-timed deadline bites at the new time: step 2 is overdue at 10:16 (it was due 10:30 at level 2).
    const swept = await shell.sweepAt(new Date('2026-11-28T10:16:00'));
    expect(swept).toContain(`[DM @bob] == Step 2 of ${KEY} is overdue ==`);
  });

  it('keeps the level against a suggestion, once, and only for the lead or allowed roles', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const out = await shell.type('/crisis raise title="Data leak" type=reputation', '/skip');
    const key = out.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    await shell.as(frank).type(`/crisis impact ${key}`, '1', '', '1', '', '1', '', '1', '', '', '', '', '', '12', '', '', '', '');
    expect((await findIncident(t.core.db, key))!.regrade).toMatchObject({ level: 2 });
    expect(await shell.as(frank).type(`/crisis level ${key} keep 2`)).toContain('Only the incident lead or these roles may change the level');
    const kept = await shell.as(erin).type(`/crisis level ${key} keep 2`);
    expect(kept).toContain(`${key} stays at level 4; the suggestion of level 2 is dismissed.`);
    expect(kept).not.toContain('[Change to level 2]');
    expect(await shell.as(erin).type(`/crisis level ${key} keep 2`)).toContain(`There is no pending suggestion of level 2 for ${key}; nothing changed.`);
    expect((await readTimeline(t.core.db, key)).filter((e) => e.type === 'level.kept')).toHaveLength(1);
  });
});
