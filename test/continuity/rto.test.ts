import { describe, expect, it } from 'vitest';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const dave = { id: 'dave', name: 'Dave Placeholder' };

const lines = (out: string, re: RegExp) => out.split('\n').filter((l) => re.test(l));

async function raised(date: string) {
  clock.set(new Date(`${date}T10:00:00`));
  const shell = shellDriver(t.core, undefined, { clock });
  await shell.type('/crisis raise title="Ransomware" type=cyber-attack', '/skip');
  return { shell, key: `INC-${date.replaceAll('-', '')}-001`, at: (hhmm: string) => new Date(`${date}T${hhmm}`) };
}

describe('the RTO of a business function on the alert ladder', () => {
  it('alerts the owner role at 75 % of the RTO, then the lead when it passes; the card says it passed', async () => {
    const { shell, key, at } = await raised('2026-12-02');
    await shell.as(dave).type(`/crisis service ${key} it-core down`);
    // it-core: RTO 2h, owner technical_expert (Grace). 75 % = 1 h 30 min.
    expect(lines(await shell.sweepAt(at('11:29:00')), /RTO/)).toEqual([]);
    const near = await shell.sweepAt(at('11:30:10'));
    expect(near).toContain(`[DM @grace] == The RTO of Core IT, network and identity in ${key} passes in 30 min ==`);
    expect(near).toContain('[DM @grace] Core IT, network and identity has been down since 2026-12-02 10:00 — its RTO (2h) falls at 2026-12-02 12:00');
    expect(near).toContain(`[DM @grace] [Mark restored: /crisis service ${key} it-core restored]`);
    expect(near).toMatch(/\] ⏱ The RTO of Core IT, network and identity \(2h\) passes in 30 min — reminded @Grace Placeholder \(when it runs again: \/crisis service INC-20261202-001 it-core restored\)/);
    expect(near).not.toContain('[DM @alice]');
    const passed = await shell.sweepAt(at('12:00:10'));
    expect(passed).toContain(`[DM @alice] == The RTO of Core IT, network and identity in ${key} has passed ==`);
    expect(passed).toMatch(/⛔ The RTO of Core IT, network and identity \(2h\) has passed — escalated to @Alice Placeholder/);
    expect(passed).toMatch(/1\. Core IT, network and identity \(it-core\) — down for 2 h — RTO 2h: passed 0 min ago, at 2026-12-02 12:00/);
    expect(lines(await shell.sweepAt(at('13:00:10')), /RTO/)).toEqual([]);

    const alerts = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'rto');
    expect(alerts.map((e) => [e.data.alert, e.data.notified, e.data.dueAt])).toEqual([
      [`alert:${key}:rto:it-core:o1:r0`, ['Grace Placeholder'], at('12:00:00').toISOString()],
      [`alert:${key}:rto:it-core:o1:r1`, ['Alice Placeholder'], at('12:00:00').toISOString()],
    ]);
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('RTO of it-core about to pass: alerted Grace Placeholder (rung 1)');
  });

  it('restoring the function stops its ladder; losing it again starts a fresh one', async () => {
    const { shell, key, at } = await raised('2026-12-03');
    await shell.as(dave).type(`/crisis service ${key} payments degraded`);
    // payments: RTO 4h, 75 % = 3 h → 13:00. Going down from degraded keeps the outage's start.
    clock.set(at('11:00:00'));
    await shell.as(dave).type(`/crisis service ${key} payments down`);
    clock.set(at('12:30:00'));
    await shell.as(dave).type(`/crisis service ${key} payments restored`);
    expect(lines(await shell.sweepAt(at('13:00:10')), /RTO/)).toEqual([]);
    expect(lines(await shell.sweepAt(at('14:00:10')), /RTO/)).toEqual([]);
    clock.set(at('15:00:00'));
    await shell.as(dave).type(`/crisis service ${key} payments down`);
    expect(lines(await shell.sweepAt(at('17:59:00')), /RTO/)).toEqual([]);
    const again = await shell.sweepAt(at('18:00:10'));
    expect(again).toContain(`[DM @frank] == The RTO of Payments and treasury in ${key} passes in 1 h ==`);
    const alerts = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'rto').map((e) => e.data.alert);
    expect(alerts).toEqual([`alert:${key}:rto:payments:o2:r0`]);
  });
});
