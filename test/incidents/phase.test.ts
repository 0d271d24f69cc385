import { describe, expect, it } from 'vitest';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };

describe('phases: the lead moves the incident on; resolving it ends its deadline alerts', () => {
  it('moves through the allowed phases, refuses the others and non-leads, stops alerts at review and leaves the list when closed', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const out = await shell.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip');
    const key = out.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    const lead = shell.as(alice);

    expect(await shell.type(`/crisis phase ${key} respond`)).toContain(`Only the incident lead (Alice Placeholder) may move ${key} to another phase.`);
    expect(await lead.type(`/crisis phase ${key} review`)).toContain(`${key} cannot move from Identify to Review; from Identify it can move to: assess, respond.`);
    expect(await lead.type(`/crisis phase ${key} finished`)).toContain(`'finished' is not a phase; from here ${key} can move to: assess, respond.`);
    const moved = await lead.type(`/crisis phase ${key} respond`);
    expect(moved).toContain(`${key} is now in phase Respond; the war room has been told.`);
    expect(moved).toContain(`${key}: Identify → Respond, by Alice Placeholder`);
    expect(moved).toContain('Status: Respond');

    // Still watched while responding: the overdue step 1 alerts its owner.
    expect(await shell.sweepAt(new Date('2026-11-28T10:16:00'))).toContain(`[DM @dave] == Step 1 of ${key} is overdue ==`);
    await lead.type(`/crisis phase ${key} resolve`);
    // No root-cause analysis yet: review asks for one, or the lead's reason.
    expect(await lead.type(`/crisis phase ${key} review`)).toContain('No root-cause analysis recorded yet');
    expect(await lead.type(`/crisis phase ${key} review root cause is in the site report`)).toContain('its deadline alerts have stopped');
    // Lead rung of step 1 (10:30), acknowledgement, other steps: nothing more once under review.
    expect(await shell.sweepAt(new Date('2026-11-28T14:00:00'))).not.toContain('[DM @');

    expect(await shell.type('/crisis status')).toContain(key);
    // Closing with steps still open lists them and needs the lead's reason (issue 19: closing with care).
    const refused = await lead.type(`/crisis phase ${key} closed`);
    expect(refused).toContain(`Not moved to Closed: ${key} is not ready.`);
    expect(refused).toMatch(/Steps of earlier phases still open \(\d+\): 1, 2, /);
    expect(refused).toContain(`/crisis phase ${key} closed REASON`);
    expect((await findIncident(t.core.db, key))!.status).toBe('review');
    await lead.type(`/crisis phase ${key} closed drill ended early; the open steps are in the debrief`);
    expect(await shell.type('/crisis status')).not.toContain(key);
    expect((await findIncident(t.core.db, key))!.status).toBe('closed');
    const overridden = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'phase.overridden');
    expect(overridden.map((e) => e.data.reason)).toEqual(['root cause is in the site report', 'drill ended early; the open steps are in the debrief']);

    // Reopening goes back to review, and only with a reason; it is back on the status list.
    expect(await lead.type(`/crisis phase ${key} review`)).toContain('It is closed: reopening it (back to review) needs a reason.');
    expect(await lead.type(`/crisis phase ${key} review the regulator asked for the report`)).toContain(`${key} is now in phase Review`);
    expect(await shell.type('/crisis status')).toContain(key);
    const changes = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'status.changed').map((e) => `${e.data.from}→${e.data.to}`);
    expect(changes).toEqual(['identify→respond', 'respond→resolve', 'resolve→review', 'review→closed', 'closed→review']);
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('phase Respond → Resolve by Alice Placeholder');
  });
});
