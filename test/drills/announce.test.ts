import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShellPort } from '../../adapters/shell/port.ts';
import type { Core } from '../../src/core.ts';
import { announceDueDrills, noticeKey, startDrillSchedule } from '../../src/drills/announce.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import type { Playbook } from '../../src/playbook/schema.ts';
import { connectDb, loadDefaultPlaybook, makeCore, testClock, useTestDb } from '../support/core.ts';

const testDb = useTestDb();
const DAY = 86_400_000;
// 10:00 UTC on 1 December, told a day ahead, to the crisis lead (alice) and comms (carol).
const DRILL_AT = new Date('2026-12-01T10:00:00Z');

let playbook: Playbook;
beforeAll(async () => {
  const pb = await loadDefaultPlaybook();
  playbook = { ...pb, drills: [{ plan: 'reputation', cron: '0 10 1 12 *', roles: ['crisis_lead', 'comms'], leadMs: DAY, timezone: 'UTC' }] };
});

/** A replica: its own connection to the shared database, the shared test clock, a terminal port whose DMs are recorded. */
async function replica(name: string, clock: ReturnType<typeof testClock>) {
  const core = await makeCore(await connectDb(testDb.uri(name)), { now: clock.now, playbook });
  const printed: string[] = [];
  const dispatcher = new Dispatcher(core, new ShellPort((l) => void printed.push(l), 'en', clock.now));
  return { core, printed, dispatcher };
}

const opened: Core[] = [];
afterAll(async () => {
  for (const c of opened) await c.db.close();
});

describe('drill announcements from drills.yml', () => {
  it('tells each participant by DM once, its lead time before, however many replicas tick at once', async () => {
    const clock = testClock(new Date('2026-11-29T09:00:00Z'));
    const a = await replica('announce', clock);
    const b = await replica('announce', clock);
    opened.push(a.core, b.core);

    // Two days and an hour ahead: not yet.
    expect(await Promise.all([announceDueDrills(a.core, ['shell']), announceDueDrills(b.core, ['shell'])])).toEqual([[], []]);
    expect(await a.core.db.m.Outbox.countDocuments({})).toBe(0);

    // Exactly a day ahead: both replicas tick in the same instant; one announcement is recorded.
    clock.set(new Date(DRILL_AT.getTime() - DAY));
    const key = noticeKey('reputation', DRILL_AT);
    expect(await Promise.all([announceDueDrills(a.core, ['shell']), announceDueDrills(b.core, ['shell'])])).toEqual([[key], [key]]);
    await Promise.all([a.dispatcher.drain(), b.dispatcher.drain()]);
    // A DM prints as lines under its person; its title line starts each one.
    const titles = (p: string[]) => p.filter((l) => /^\[DM @\w+\] == /.test(l));
    const dms = titles([...a.printed, ...b.printed]);
    expect(dms.filter((l) => l.startsWith('[DM @alice]'))).toHaveLength(1);
    expect(dms.filter((l) => l.startsWith('[DM @carol]'))).toHaveLength(1);
    expect(dms).toHaveLength(2);
    const all = [...a.printed, ...b.printed].join('\n');
    expect(all).toContain('[DRILL] Drill ahead: Reputation crisis');
    expect(all).toContain('A Reputation crisis drill is scheduled for 2026-12-01 10:00 (UTC), in 1 d 0 h. You take part as Communications lead.');
    expect(all).toContain('You take part as Crisis lead.');

    // Every later tick before the drill — from either replica, through the scheduler's own tick — finds it done.
    clock.advance(3600_000);
    const s = startDrillSchedule(b.core, ['shell'], '0 0 1 1 *');
    await s.tick();
    await s.stop();
    await announceDueDrills(a.core, ['shell']);
    await Promise.all([a.dispatcher.drain(), b.dispatcher.drain()]);
    expect(titles([...a.printed, ...b.printed])).toHaveLength(2);

    // After the drill, the next year's is announced in its turn.
    clock.set(new Date('2027-11-30T10:00:00Z'));
    expect(await announceDueDrills(a.core, ['shell'])).toEqual([noticeKey('reputation', new Date('2027-12-01T10:00:00Z'))]);
  });

  it('speaks Chinese to a zh-CN bot, and a playbook without drills.yml announces nothing', async () => {
    const clock = testClock(new Date('2026-11-30T12:00:00Z'));
    const core = await makeCore(await connectDb(testDb.uri('announce_zh')), { now: clock.now, playbook, locale: 'zh-CN' });
    opened.push(core);
    const printed: string[] = [];
    await announceDueDrills(core, ['shell']);
    await new Dispatcher(core, new ShellPort((l) => void printed.push(l), 'zh-CN', clock.now)).drain();
    expect(printed.join('\n')).toContain('声誉危机演练定于 2026-12-01 10:00（UTC）进行，距今 22 小时。您以危机处理负责人身份参加。');
    const none = await makeCore(core.db, { now: clock.now, playbook: { ...playbook, drills: [] } });
    expect(await announceDueDrills(none, ['shell'])).toEqual([]);
  });
});
