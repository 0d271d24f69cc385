import { describe, expect, it } from 'vitest';
import { PlatformRefusal } from '../../adapters/port.ts';
import { ShellPort } from '../../adapters/shell/port.ts';
import { openCore } from '../../src/app.ts';
import { raise } from '../../src/incidents/service.ts';
import { refreshGauges } from '../../src/metrics/gauges.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { DEFAULT_PLAYBOOK, makeCore, testClock, useTestDb } from '../support/core.ts';
import { valueOf } from './exposition.ts';
import { scrape } from './scrape.ts';

const testDb = useTestDb();
const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };

describe('gauges: open incidents and outbox depth, read from the store, never per scrape', () => {
  it('are read from the store when the bot starts: incidents raised and effects queued by an earlier run', async () => {
    const clock = testClock(new Date('2026-11-28T10:00:00'));
    const earlier = await makeCore(await testDb.connect('seeded'), { now: clock.now });
    await raise(earlier, { title: 'Flood', type: 'natural-disaster', criteria: {} }, origin);
    await raise(earlier, { title: 'Leak', type: 'reputation', criteria: {} }, origin);
    const queued = await earlier.db.m.Outbox.countDocuments({ status: 'pending' });
    expect(queued).toBeGreaterThan(0);
    await earlier.db.close();

    clock.advance(5 * 60_000);
    const running = await openCore(
      { mongodbUri: testDb.uri('seeded'), dataDir: '/nonexistent', playbookDir: DEFAULT_PLAYBOOK, port: 0, locale: 'en', logLevel: 'silent' },
      { now: clock.now },
    );
    try {
      const { families } = await scrape(running.core);
      expect(valueOf(families, 'crisis_incidents_open')).toBe(2);
      expect(valueOf(families, 'crisis_outbox_pending')).toBe(queued);
      expect(valueOf(families, 'crisis_outbox_failed')).toBe(0);
      expect(valueOf(families, 'crisis_outbox_oldest_pending_age_seconds')).toBe(300);
      // This run raised nothing yet: the counters start at zero.
      expect(valueOf(families, 'crisis_incidents_raised_total', { level: '4', type: 'reputation', drill: 'false' })).toBeUndefined();
    } finally {
      await running.close();
    }
  });

  it('follow deliveries, refusals and retried failures at the next reading; failures are counted by code at once', async () => {
    const clock = testClock(new Date('2026-11-28T10:00:00'));
    const core = await makeCore(await testDb.connect('outbox'), { now: clock.now });
    try {
      await raise(core, { title: 'Flood', type: 'natural-disaster', criteria: {} }, origin);
      const port = new ShellPort(() => undefined, 'en', clock.now);
      // The platform is unreachable: the room cannot be opened, and everything after it waits.
      port.openRoom = async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
      };
      await new Dispatcher(core, port).drain();
      await refreshGauges(core);
      const down = (await scrape(core)).families;
      expect(valueOf(down, 'crisis_platform_errors_total', { platform: 'shell', code: 'ECONNREFUSED' })).toBe(1);
      const pending = valueOf(down, 'crisis_outbox_pending')!;
      expect(pending).toBeGreaterThan(0);
      expect(valueOf(down, 'crisis_outbox_age_seconds_count', { platform: 'shell' })).toBeUndefined();

      // Back up a minute later: everything goes out, the last a minute old, except the pin the platform refuses.
      clock.advance(60_000);
      const up = new ShellPort(() => undefined, 'en', clock.now);
      up.pin = async () => {
        throw new PlatformRefusal('missing_scope', 'pins:write is not granted');
      };
      await new Dispatcher(core, up).drain();
      await refreshGauges(core);
      const delivered = (await scrape(core)).families;
      expect(valueOf(delivered, 'crisis_outbox_pending')).toBe(0);
      expect(valueOf(delivered, 'crisis_outbox_failed')).toBe(1);
      expect(valueOf(delivered, 'crisis_platform_refusals_total', { platform: 'shell', code: 'missing_scope' })).toBe(1);
      expect(valueOf(delivered, 'crisis_outbox_oldest_pending_age_seconds')).toBe(0);
      expect(valueOf(delivered, 'crisis_outbox_age_seconds_count', { platform: 'shell' })).toBe(pending);
      expect(valueOf(delivered, 'crisis_outbox_age_seconds_bucket', { platform: 'shell', le: '30' })).toBe(0);
      expect(valueOf(delivered, 'crisis_outbox_age_seconds_bucket', { platform: 'shell', le: '60' })).toBe(pending);
    } finally {
      await core.db.close();
    }
  });
});
