import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { raise } from '../../src/incidents/service.ts';
import { DEFAULT_SWEEP_CRON, startScheduler } from '../../src/scheduler/cron.ts';
import { makeCore, testClock, useTestDb } from '../support/core.ts';

const testDb = useTestDb();

describe('the sweep schedule', () => {
  it('defaults to every 15 seconds and names CRISIS_SWEEP_CRON when it is malformed', () => {
    expect(DEFAULT_SWEEP_CRON).toBe('*/15 * * * * *');
    expect(loadConfig({}).sweepCron).toBe(DEFAULT_SWEEP_CRON);
    expect(loadConfig({ CRISIS_SWEEP_CRON: '*/5 * * * * *' }).sweepCron).toBe('*/5 * * * * *');
    expect(() => loadConfig({ CRISIS_SWEEP_CRON: 'every 15 seconds' })).toThrow(ConfigError);
    expect(() => loadConfig({ CRISIS_SWEEP_CRON: 'every 15 seconds' })).toThrow(/CRISIS_SWEEP_CRON: is not a cron expression/);
  });

  it('sweeps once at start (catching up after downtime) and then on every cron tick', async () => {
    const clock = testClock(new Date('2026-11-28T10:00:00'));
    const core = await makeCore(await testDb.connect('cron'), { now: clock.now });
    const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };
    await raise(core, { title: 'Cron', type: 'reputation', criteria: {} }, origin);
    clock.advance(9 * 3_600_000);
    const dms = () => core.db.m.Outbox.countDocuments({ 'effect.kind': 'dm' });
    const scheduler = startScheduler(core, '* * * * * *');
    try {
      const until = async (cond: () => Promise<boolean>) => {
        for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 50));
      };
      await until(async () => (await dms()) > 0);
      await scheduler.sweepNow(); // waits for the start-up sweep (or runs one more)
      const first = await dms();
      expect(first).toBeGreaterThan(0);
      // A day after the raise more level-4 deadlines fall due; the next tick (within a second) sends them.
      clock.advance(15 * 3_600_000 + 60_000);
      await until(async () => (await dms()) > first);
      expect(await dms()).toBeGreaterThan(first);
    } finally {
      await scheduler.stop();
      await core.db.close();
    }
  });
});
