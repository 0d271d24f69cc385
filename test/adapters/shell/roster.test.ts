import { describe, expect, it } from 'vitest';
import type { Playbook } from '../../../src/playbook/schema.ts';
import { loadDefaultPlaybook, makeCore, testClock, useTestDb } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const testDb = useTestDb();

/** The default playbook, read in UTC, with carol on weekday office hours and dave on weekends. */
async function withDuty(): Promise<Playbook> {
  const pb = await loadDefaultPlaybook();
  const duty: Record<string, Playbook['roster'][number]['on_duty']> = {
    carol: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }],
    dave: [{ days: ['sat', 'sun'], from: '08:00', to: '20:00' }],
  };
  return { ...pb, timezone: 'UTC', roster: pb.roster.map((p) => (duty[p.id] ? { ...p, on_duty: duty[p.id] } : p)) };
}

// Saturday 28 November 2026, 10:00 UTC.
const SATURDAY = new Date('2026-11-28T10:00:00Z');

describe('the roster on the terminal', () => {
  it('lists the monitoring group and every role with holders, ids and who is on duty now', async () => {
    const core = await makeCore(await testDb.connect('roster_all'), { now: testClock(SATURDAY).now, playbook: await withDuty() });
    const out = await shellDriver(core).type('/crisis roster');
    expect(out).toContain('Roster — monitoring group and roles');
    expect(out).toContain('On duty is read in UTC; now 2026-11-28 10:00');
    expect(out.indexOf('Monitoring group')).toBeLessThan(out.indexOf('Crisis lead (crisis_lead)'));
    expect(out).toMatch(/Carol Placeholder \(carol\) — shell carol · slack U000PLACEHOLDER3 · discord \d+ · carol@example.com — off duty \(mon,tue,wed,thu,fri 09:00-17:00\)/);
    expect(out).toMatch(/Dave Placeholder \(dave\) — shell dave .* — on duty \(sat,sun 08:00-20:00\)/);
    expect(out).toMatch(/Alice Placeholder \(alice\) — .* — on call any time/);
    await core.db.close();
  });

  it('shows one role, says when nobody is on duty, and refuses an unknown role with the choices', async () => {
    const clock = testClock(new Date('2026-11-28T22:00:00Z'));
    const core = await makeCore(await testDb.connect('roster_one'), { now: clock.now, playbook: await withDuty() });
    const shell = shellDriver(core);
    const security = await shell.type('/crisis roster security');
    expect(security).toContain('Roster — Security lead');
    expect(security).toContain('— off duty (sat,sun 08:00-20:00)');
    expect(security).toContain('nobody on duty now');
    expect(await shell.type('/crisis roster guard')).toMatch(/Role: 'guard' is not a role in roles.yml; use one of: crisis_lead, monitoring_leader, .*security/);
    await core.db.close();
  });

  it('invites the on-duty holders of a role first at the raise', async () => {
    const core = await makeCore(await testDb.connect('roster_raise'), { now: testClock(SATURDAY).now, playbook: await withDuty() });
    const raised = await shellDriver(core).type('/crisis raise title="Weekend rumour" type=reputation', '/skip');
    // carol is off duty on a Saturday: dave, then grace, then carol for the monitoring members.
    const order = ['@Dave Placeholder — Monitoring', '@Grace Placeholder — Monitoring', '@Carol Placeholder — Monitoring'].map((s) => raised.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    await core.db.close();
  });
});
