// The phase command on Slack through the real Bolt adapter against the fake Slack: who may move it,
// the open-steps question (issue 19), review stopping the alerts, and the report falling due after it.
import { describe, expect, it } from 'vitest';
import { tickStepsBefore } from '../../support/steps.ts';
import { about, alerts, ALICE, CAROL, DAVE, dmsTo, inRoom, MIN, raised, STEP1, sweepAt, type } from './deadline-world.ts';
import { KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

describe('the phase command on Slack', () => {
  it('only the lead moves the phase; review stops the alerts', async () => {
    const { h, room, at } = await raised(harness);
    expect(dmsTo(await sweepAt(h, at(15)), DAVE)).toHaveLength(1);

    expect((await type(h, `phase ${KEY} respond`, CAROL, room)).said).toContain(`Only the incident lead (Alice Placeholder) may move ${KEY} to another phase.`);
    expect((await type(h, `phase ${KEY} review`, ALICE, room)).said).toContain(`${KEY} cannot move from Identify to Review; from Identify it can move to: assess, respond.`);
    // Steps of identify and assess are open: listed, nothing moves until the lead confirms with a reason (issue 19).
    const asked = await type(h, `phase ${KEY} respond`, ALICE, room);
    expect(asked.replies).toMatchObject([{ response_type: 'ephemeral' }]);
    expect(asked.said).toContain(`Not moved to Respond: ${KEY} is not ready.`);
    expect(asked.said).toContain('Steps of earlier phases still open (5): 1, 2, 3, 4, 5 — tick them, or give a reason.');
    expect(asked.said).toContain(`#1 ${STEP1}`);
    expect(asked.said).toContain(`/crisis phase ${KEY} respond REASON`);
    expect((await h.incident())!.status).toBe('identify');
    expect((await type(h, `phase ${KEY} respond the fire brigade is on site`, ALICE, room)).said).toContain(`${KEY} is now in phase Respond`);
    expect((await type(h, `phase ${KEY} resolve the fire is out; the rest goes to the debrief`, ALICE, room)).said).toContain(`${KEY} is now in phase Resolve`);
    expect((await h.timeline()).filter((e) => e.type === 'phase.overridden').map((e) => e.data.reason)).toEqual(['the fire brigade is on site', 'the fire is out; the rest goes to the debrief']);
    const review = await type(h, `phase ${KEY} review root cause is in the site report`, ALICE, room);
    expect(review.replies).toMatchObject([{ response_type: 'ephemeral' }]);
    expect(review.said).toContain(`${KEY} is now in phase Review; its deadline alerts have stopped but for the review steps (the report, the plan revision), and the war room has been told.`);
    expect((await h.incident())!.status).toBe('review');

    // Step 1's next rungs, step 2, the acknowledgement, the update cadence: none of it goes out.
    expect(await sweepAt(h, at(600))).toEqual([]);
    expect((await alerts(h)).map((e) => [e.kind, e.n, e.rung])).toEqual([['step', 1, 0]]);
  });

  it('the summary report falls due 5 days after review began: its owner is DMed, then the ladder; final ends it (issue 17)', async () => {
    const { h, room, at } = await raised(harness);
    h.clock.set(at(20));
    for (const p of ['respond steps run alongside', 'resolve the fire is out', 'review root cause is in the site report']) await type(h, `phase ${KEY} ${p}`, ALICE, room);
    expect((await h.incident())!.status).toBe('review');
    const due = at(20 + 5 * 24 * 60);
    expect(about(await sweepAt(h, new Date(due.getTime() - MIN)), 'summary report')).toEqual([]);
    const first = await sweepAt(h, due);
    const dm = about(dmsTo(first, ALICE), `The summary report of ${KEY} is due`);
    expect(dm).toHaveLength(1);
    expect(shown(dm[0]!.blocks)).toContain(`/crisis report ${KEY} final`);
    expect(inRoom(first, room).map((m) => shown(m.blocks)).join('\n')).toContain(`The summary report of ${KEY} is 0 min overdue — reminded`);
    expect((await type(h, `report ${KEY} final`, ALICE, room)).said).toContain(KEY);
    // The lead's rung (+15 min) and the executive's (+30 min) do not follow a final report.
    expect(about(await sweepAt(h, new Date(due.getTime() + 31 * MIN)), 'summary report')).toEqual([]);
    expect((await h.timeline()).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'report').map((e) => e.data.rung)).toEqual([0]);
  });

  it('moves without a question once the steps of the phases left are done', async () => {
    const { h, room } = await raised(harness);
    await tickStepsBefore(h.core, KEY, 'assess', { id: ALICE, name: 'Alice Placeholder' });
    const moved = await type(h, `phase ${KEY} assess`, ALICE, room);
    expect(moved.said).toContain(`${KEY} is now in phase Assess`);
    expect((await h.incident())!.status).toBe('assess');
    expect((await h.timeline()).some((e) => e.type === 'phase.overridden')).toBe(false);
  });
});
