import { describe, expect, it } from 'vitest';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const erin = { id: 'erin', name: 'Erin Placeholder' };
const heidi = { id: 'heidi', name: 'Heidi Placeholder' };
const carol = { id: 'carol', name: 'Carol Placeholder' };

const lines = (out: string, re: RegExp) => out.split('\n').filter((l) => re.test(l));

async function raised(date: string) {
  clock.set(new Date(`${date}T10:00:00`));
  const shell = shellDriver(t.core, undefined, { clock });
  await shell.type('/crisis raise title="Warehouse fire" type=safety-accident location="Plant 2" people_affected=12', '/skip');
  return { shell, key: `INC-${date.replaceAll('-', '')}-001`, at: (hhmm: string) => new Date(`${date}T${hhmm}`) };
}

async function publish(shell: ReturnType<typeof shellDriver>, key: string, id: string, audience: string) {
  await shell.as(erin).type(`/crisis statement ${key}`, '', audience, '', 'We are responding to a fire at Plant 2.', '', '');
  await shell.as(heidi).type(`/crisis statement ${key} approve ${id}`);
  await shell.as(carol).type(`/crisis statement ${key} approve ${id}`);
  return shell.as(carol).type(`/crisis statement ${key} publish ${id}`);
}

describe('the statement deadlines on the alert ladder', () => {
  it('climbs the ladder when nobody publishes by first_statement: comms, then the lead, then the executive', async () => {
    const { shell, key, at } = await raised('2026-11-28');
    // Level 2: first statement within 2 h; rungs at 0, 15 and 30 min.
    expect(lines(await shell.sweepAt(at('11:59:00')), /public statement/)).toEqual([]);
    const first = await shell.sweepAt(at('12:00:10'));
    expect(first).toContain(`[DM @carol] == The first public statement of ${key} is overdue ==`);
    expect(first).toContain('[DM @carol] A public statement was due by 2026-11-28 12:00 — overdue now');
    expect(first).toContain(`[DM @carol] [Draft statement: /crisis statement ${key}]`);
    expect(first).toMatch(new RegExp(`\\[#inc-20261128-001-warehouse-fire\\] ⚠ No public statement for ${key} yet — reminded @Carol Placeholder \\(draft one: /crisis statement ${key}\\)`));
    expect(first).not.toContain('[DM @alice] == The first public statement');
    const second = await shell.sweepAt(at('12:15:10'));
    expect(second).toContain(`[DM @alice] == The first public statement of ${key} is overdue ==`);
    expect(second).toContain(`No public statement for ${key}, 15 min past due — escalated to @Alice Placeholder`);
    const third = await shell.sweepAt(at('12:30:10'));
    expect(third).toContain(`[DM @ivan] == The first public statement of ${key} is overdue ==`);
    const events = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'statement');
    expect(events.map((e) => [e.data.alert, e.data.notified])).toEqual([
      [`alert:${key}:statement:s0:r0`, ['Carol Placeholder']],
      [`alert:${key}:statement:s0:r1`, ['Alice Placeholder']],
      [`alert:${key}:statement:s0:r2`, ['Ivan Placeholder']],
    ]);
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('public statement overdue: alerted Carol Placeholder (rung 1)');
  });

  it('is stopped by the first public publication (a staff one does not count), then watches statement_every the same way', async () => {
    const { shell, key, at } = await raised('2026-11-29');
    clock.set(at('10:30:00'));
    await publish(shell, key, 'S1', 'staff');
    clock.set(at('11:00:00'));
    expect(await publish(shell, key, 'S2', 'public')).toContain(`Statement S2 (v1) of ${key} is being published`);
    expect(lines(await shell.sweepAt(at('12:00:10')), /public statement/)).toEqual([]);
    expect(lines(await shell.sweepAt(at('12:30:10')), /public statement/)).toEqual([]);
    // Level 2's statement_every is 4 h: the next public statement is due at 15:00.
    expect(lines(await shell.sweepAt(at('14:59:00')), /public statement/)).toEqual([]);
    const next = await shell.sweepAt(at('15:00:10'));
    expect(next).toContain(`[DM @carol] == The next public statement of ${key} is overdue ==`);
    expect(next).toContain('[DM @carol] A public statement was due by 2026-11-29 15:00 — overdue now');
    const alerts = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'statement').map((e) => e.data.alert);
    expect(alerts).toEqual([`alert:${key}:statement:s1:r0`]);
  });
});
