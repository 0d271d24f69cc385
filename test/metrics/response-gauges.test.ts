import { describe, expect, it } from 'vitest';
import { refreshGauges } from '../../src/metrics/gauges.ts';
import { makeCore, testClock, useTestDb } from '../support/core.ts';
import { runIncident } from '../drills/support.ts';
import { valueOf } from './exposition.ts';
import { scrape } from './scrape.ts';

const testDb = useTestDb();
const MIN = 60;
const DAY_MS = 24 * 3600_000;

describe('response metrics on /metrics: the figures of crisis-bot metrics, read from the store once a minute', () => {
  it('match a hand computation by level and over all, and follow a new incident at the next reading', async () => {
    const clock = testClock(new Date('2026-11-28T10:00:00Z'));
    const core = await makeCore(await testDb.connect('response_gauges'), { now: clock.now });
    try {
      // A: reputation, level 1, acknowledged after 6 min, step 1 (due 30m) done then, resolved and closed then.
      await runIncident(core, clock, { type: 'reputation', title: 'A', level: 1, ackMin: 6, ticks: [1], drill: false });
      // B: the same plan and level as a drill: 10 min, steps 1 and 2 (due 30m, 1h) done on time, closed.
      await runIncident(core, clock, { type: 'reputation', title: 'B', level: 1, ackMin: 10, ticks: [1, 2] });
      // C: natural disaster, level 4, acknowledged after 4 min, nothing done, still open.
      await runIncident(core, clock, { type: 'natural-disaster', title: 'C', level: 4, ackMin: 4, open: true });
      // 61 days on, every step of all three is due (the longest deadline is 60 days): reputation has 14 steps, natural disaster 13.
      clock.advance(61 * DAY_MS);
      await refreshGauges(core);
      const { families } = await scrape(core);
      const v = (name: string, level: string) => valueOf(families, name, { level });

      expect(v('crisis_mtta_seconds', '1')).toBe((6 * MIN + 10 * MIN) / 2);
      expect(v('crisis_mtta_seconds', '4')).toBe(4 * MIN);
      expect(v('crisis_mtta_seconds', 'all')).toBe((6 * MIN + 10 * MIN + 4 * MIN) / 3);
      // Resolved (review entered) when acknowledged; C never was, so level 4 has no MTTR series.
      expect(v('crisis_mttr_seconds', '1')).toBe((6 * MIN + 10 * MIN) / 2);
      expect(v('crisis_mttr_seconds', '4')).toBeUndefined();
      expect(v('crisis_mttr_seconds', 'all')).toBe(8 * MIN);
      expect(v('crisis_steps_on_time_ratio', '1')).toBeCloseTo((1 + 2) / (14 + 14), 10);
      expect(v('crisis_steps_on_time_ratio', '4')).toBe(0);
      expect(v('crisis_steps_on_time_ratio', 'all')).toBeCloseTo(3 / 41, 10);
      // Nothing was published: no statement series at all, rather than a zero that reads as "instant".
      expect(families.get('crisis_time_to_first_statement_seconds')?.samples ?? []).toEqual([]);
      // Only the playbook's levels and `all` are labels.
      const labels = ['crisis_mtta_seconds', 'crisis_mttr_seconds', 'crisis_steps_on_time_ratio'].flatMap((n) => families.get(n)!.samples.map((s) => s.labels.level));
      expect(new Set(labels)).toEqual(new Set(['1', '4', 'all']));

      // D: level 2, acknowledged after 2 min. The next reading has it; A and B (closed, kept from the last reading) still count.
      await runIncident(core, clock, { type: 'reputation', title: 'D', level: 2, ackMin: 2, open: true });
      await refreshGauges(core);
      const again = (await scrape(core)).families;
      expect(valueOf(again, 'crisis_mtta_seconds', { level: '2' })).toBe(2 * MIN);
      expect(valueOf(again, 'crisis_mtta_seconds', { level: 'all' })).toBe((6 + 10 + 4 + 2) * MIN / 4);
      expect(valueOf(again, 'crisis_mtta_seconds', { level: '1' })).toBe(8 * MIN);
    } finally {
      await core.db.close();
    }
  });
});
