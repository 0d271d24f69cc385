import { describe, expect, it } from 'vitest';
import { startScheduler } from '../../src/scheduler/cron.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';
import { sumOf, valueOf } from './exposition.ts';
import { scrape } from './scrape.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };

describe('counters an operator alerts on move with what the bot does', () => {
  it('counts a raise, its outbox deliveries, the alert a sweep sends, a refused DM, the terminal acks and the close', async () => {
    const before = (await scrape(t.core)).families;
    expect(valueOf(before, 'crisis_incidents_open')).toBe(0);
    expect(sumOf(before, 'crisis_incidents_raised_total')).toBe(0);

    const shell = shellDriver(t.core, undefined, { clock, refuseDmTo: ['dave'] });
    const out = await shell.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip');
    const key = out.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    const raised = (await scrape(t.core)).families;
    expect(valueOf(raised, 'crisis_incidents_raised_total', { level: '2', type: 'safety-accident', drill: 'false' })).toBe(1);
    expect(valueOf(raised, 'crisis_incidents_open')).toBe(1);
    // The raise's effects (room, invites, summary, checklist, confirmation) were delivered at once.
    expect(valueOf(raised, 'crisis_outbox_age_seconds_count', { platform: 'shell' })).toBeGreaterThanOrEqual(5);
    expect(valueOf(raised, 'crisis_outbox_age_seconds_sum', { platform: 'shell' })).toBe(0);
    // Typed commands only: the /skip answering the form is not a command.
    expect(valueOf(raised, 'crisis_command_ack_seconds_count', { platform: 'shell' })).toBe(1);
    expect(sumOf(raised, 'crisis_alerts_sent_total')).toBe(0);

    // Step 1 fell due at 10:15; the sweep a minute later sends its first rung to its owner, whose DMs are closed.
    expect(await shell.sweepAt(new Date('2026-11-28T10:16:00'))).toContain(`== Step 1 of ${key} is overdue ==`);
    const swept = (await scrape(t.core)).families;
    expect(valueOf(swept, 'crisis_alerts_sent_total', { kind: 'step', rung: '0' })).toBe(1);
    expect(valueOf(swept, 'crisis_alert_delay_seconds_count', { kind: 'step' })).toBe(1);
    expect(valueOf(swept, 'crisis_alert_delay_seconds_sum', { kind: 'step' })).toBe(60);
    expect(valueOf(swept, 'crisis_alert_delay_seconds_bucket', { kind: 'step', le: '30' })).toBe(0);
    expect(valueOf(swept, 'crisis_alert_delay_seconds_bucket', { kind: 'step', le: '60' })).toBe(1);
    expect(valueOf(swept, 'crisis_platform_refusals_total', { platform: 'shell', code: 'cannot_dm_user' })).toBe(1);

    const lead = shell.as(alice);
    for (const phase of ['respond', 'resolve', 'review root cause is in the site report', 'closed the counters are what this test checks']) await lead.type(`/crisis phase ${key} ${phase}`);
    const closed = (await scrape(t.core)).families;
    expect(valueOf(closed, 'crisis_incidents_open')).toBe(0);
    expect(valueOf(closed, 'crisis_incidents_raised_total', { level: '2', type: 'safety-accident', drill: 'false' })).toBe(1);
    expect(valueOf(closed, 'crisis_command_ack_seconds_count', { platform: 'shell' })).toBe(5);
  });

  it('times every scheduled sweep', async () => {
    const scheduler = startScheduler(t.core, '0 0 1 1 *');
    try {
      await scheduler.sweepNow();
    } finally {
      await scheduler.stop();
    }
    const { families } = await scrape(t.core);
    expect(valueOf(families, 'crisis_sweep_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(families, 'crisis_sweep_duration_seconds_count', { outcome: 'failed' })).toBeUndefined();
  });
});
