// A plan role nobody holds is watched like the acknowledgement: when the war room should be
// staffed, the lead hears that it is empty (then the ladder climbs), until someone holds it.
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import type { Playbook } from '../../src/playbook/schema.ts';
import { loadDefaultPlaybook, makeCore, testClock, useTestDb } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const testDb = useTestDb();
const T0 = new Date('2026-11-28T10:00:00');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const KEY = 'INC-20261128-001';
const ROOM = '[#inc-20261128-001-warehouse-fire]';
const ALICE = { id: 'alice', name: 'Alice Placeholder' };
let n = 0;

/** The default playbook with nobody in the roster holding financial_analyst. */
async function withoutAnalyst(): Promise<Playbook> {
  const pb = await loadDefaultPlaybook();
  return { ...pb, roster: pb.roster.map((p) => ({ ...p, roles: p.roles.filter((r) => r !== 'financial_analyst') })) };
}

async function raised(playbook?: Playbook, locale: 'en' | 'zh-CN' = 'en') {
  const clock = testClock(T0);
  const conn = await testDb.connect(`empty_role_${++n}`);
  const core: Core = await makeCore(conn, { now: clock.now, playbook, locale });
  const shell = shellDriver(core, undefined, { clock });
  await shell.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip');
  return { core, shell, close: () => conn.close() };
}

describe('an empty plan role', () => {
  it('alerts the lead when the acknowledgement falls due, climbs the ladder, and stops once someone holds it', async () => {
    const { core, shell, close } = await raised(await withoutAnalyst());
    expect(await shell.sweepAt(at(29))).not.toContain('Nobody holds');
    const due = await shell.sweepAt(at(30));
    expect(due).toContain(`[DM @alice] == Nobody holds Financial analyst in ${KEY} ==`);
    expect(due).toContain(`[DM @alice] Assign it: /crisis role ${KEY} assign financial_analyst PERSON (or claim it yourself).`);
    expect(due).toContain(`[DM @alice] [Claim: /crisis role ${KEY} claim financial_analyst]`);
    expect(due).toContain(`${ROOM} ⚠ Nobody holds Financial analyst yet — reminded @Alice Placeholder`);
    // Only the empty role: every other role of the plan is held, and says nothing.
    expect(due.match(/Nobody holds/g)).toHaveLength(2);
    const events = await core.db.m.Timeline.find({ incidentKey: KEY, type: 'deadline.alert', 'data.kind': 'role' }).lean();
    expect(events.map((e) => (e.data as { role: string }).role)).toEqual(['financial_analyst']);

    const rung1 = await shell.sweepAt(at(45));
    expect(rung1).toContain(`${ROOM} ⚠ Nobody holds Financial analyst yet, 15 min after it was due — escalated to @Alice Placeholder`);

    await shell.as(ALICE).type(`/crisis role ${KEY} claim financial_analyst`);
    expect(await shell.sweepAt(at(60))).not.toContain('Nobody holds');
    await close();
  });

  it('stays quiet when the roster fills every role, and speaks Chinese to a Chinese war room', async () => {
    const full = await raised();
    expect(await full.shell.sweepAt(at(30))).not.toContain('Nobody holds');
    await full.close();
    const zh = await raised(await withoutAnalyst(), 'zh-CN');
    expect(await zh.shell.sweepAt(at(30))).toMatch(/⚠ .+仍无人担任 — 已提醒/);
    await zh.close();
  });
});
