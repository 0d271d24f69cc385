import { describe, expect, it } from 'vitest';
import { readRisk } from '../../../src/risks/register.ts';
import { riskTick } from '../../../src/risks/reminders.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { makeCore, testClock, useTestDb } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const server = useTestDb();
const alice = { id: 'alice', name: 'Alice Placeholder' };
const bob = { id: 'bob', name: 'Bob Placeholder' };
const dave = { id: 'dave', name: 'Dave Placeholder' };
const erin = { id: 'erin', name: 'Erin Placeholder' };
const DAY = 86_400_000;

let n = 0;
async function fresh(locale: 'en' | 'zh-CN' = 'en') {
  const clock = testClock(new Date('2026-11-30T10:00:00Z'));
  const core = await makeCore(await server.connect(`risks_shell_${n++}`), { now: clock.now, locale });
  return { core, clock, shell: shellDriver(core, undefined, { clock }) };
}

describe('the risk register on the terminal', () => {
  it('lists the starting register of risks.yml, rated by its matrix, each due for review by its rating', async () => {
    const { shell } = await fresh();
    const list = await shell.as(bob).type('/crisis risk');
    expect(list).toContain('Risk register — 9 active, 0 overdue for review');
    // 3×5 = 15 is high (reviewed every 30 days); 3×4 = 12 medium (90 days); 3×2 = 6 low.
    expect(list).toContain('ransomware — Ransomware encrypts production systems — 3×5=15 high — owner Security');
    expect(list).toContain('next review 2026-12-30');
    expect(list).toMatch(/single-source-supplier — .* — 3×4=12 medium — owner Operations[^\n]* — next review 2027-02-28/);
    expect(list).toMatch(/price-war — .* — 3×2=6 low/);
    // A second use seeds nothing more.
    expect(await shell.as(bob).type('/crisis risk list')).toContain('9 active');
  });

  it('adds a risk through the form; bad values are named with their field and everything typed is kept', async () => {
    const { core, shell } = await fresh();
    const out = await shell.as(erin).type(
      '/crisis risk add title="Fire at the plant" category=fire likelihood=6 impact=4 owner=operations plan=volcano next_review=2026-11-01',
      'safety', '2', 'Sprinklers checked monthly', 'safety-accident', '2027-01-15',
    );
    expect(out).toContain('== Add a risk ==');
    expect(out).toContain("Category: 'fire' is not allowed; use one of: natural_disaster, safety, supply_chain");
    expect(out).toContain('Likelihood (1–5) must be a whole number from 1 to 5');
    expect(out).toContain("Plan: 'volcano' is not allowed");
    // Only what was wrong or missing is asked again: the title, impact and owner typed inline stand.
    expect(out).not.toContain('? Title');
    expect(out).not.toContain('? Impact');
    expect(out).toContain('Next review: 2026-11-01 is not after today (2026-11-30)');
    expect(out).toContain('Added risk-1 to the risk register.');
    expect(out).toContain('2×4=8 medium');
    const r = (await readRisk(core.db, 'risk-1'))!;
    expect(r).toMatchObject({ title: 'Fire at the plant', category: 'safety', likelihood: 2, impact: 4, ownerRole: 'operations', plan: 'safety-accident', rating: 'medium', mitigation: 'Sprinklers checked monthly' });
    expect(r.versions).toHaveLength(1);
    expect(r.versions[0]).toMatchObject({ v: 1, kind: 'created', by: { id: 'erin' } });
    // Someone the roster does not know keeps no register.
    expect(await shell.type('/crisis risk add')).toContain('You are not in roster.yml');
  });

  it('updates (owner or monitoring group only, with a reason), keeping every version with who and why', async () => {
    const { core, shell } = await fresh();
    await shell.as(bob).type('/crisis risk');
    expect(await shell.as(erin).type('/crisis risk update ransomware likelihood=4 reason="new threat intel"')).toContain('Only the owner of ransomware, the monitoring group or the crisis lead may change it.');
    // The owner role's holder: the reason is asked when it was not typed.
    const out = await shell.as(dave).type('/crisis risk update ransomware likelihood=2', 'Offline backups restored in a drill');
    expect(out).toContain('? Reason for the change');
    expect(out).toContain('Updated ransomware (version 2).');
    expect(out).toContain('2×5=10 medium');
    const r = (await readRisk(core.db, 'ransomware'))!;
    expect(r.versions.map((v) => [v.v, v.kind, v.by.name, v.likelihood, v.reason])).toEqual([
      [1, 'created', 'risks.yml', 3, undefined],
      [2, 'updated', 'Dave Placeholder', 2, 'Offline backups restored in a drill'],
    ]);
    // A medium rating is reviewed every 90 days from the change.
    expect(r.nextReviewAt.toISOString().slice(0, 10)).toBe('2027-02-28');
    const show = await shell.as(erin).type('/crisis risk show ransomware');
    expect(show).toMatch(/v2 .* Dave Placeholder: updated \(2×5=10 medium, next review 2027-02-28\) — why: Offline backups restored in a drill/);
    expect(show).toMatch(/v1 .* risks\.yml: added \(3×5=15 high/);
    expect(await shell.as(bob).type('/crisis risk update ransomware likelihood=9 reason=x')).toContain('Likelihood (1–5) must be a whole number from 1 to 5');
  });

  it('records a review that moves the next review date, retires with a reason, and links an incident that realised a risk', async () => {
    const { core, shell, clock } = await fresh();
    await shell.as(bob).type('/crisis risk');
    clock.advance(10 * DAY);
    const reviewed = await shell.as(dave).type('/crisis risk review ransomware EDR rolled out everywhere impact=4');
    expect(reviewed).toContain('Review of ransomware recorded (version 2).');
    const r = (await readRisk(core.db, 'ransomware'))!;
    expect(r).toMatchObject({ likelihood: 3, impact: 4, rating: 'medium' });
    expect(r.versions[1]).toMatchObject({ kind: 'reviewed', note: 'EDR rolled out everywhere' });
    expect(r.nextReviewAt.getTime()).toBe(clock.now().getTime() + 90 * DAY);
    expect(await shell.as(bob).type('/crisis risk review ransomware next_review=2020-01-01 ok')).toContain('Next review: 2020-01-01 is not after today');

    const retire = await shell.as(bob).type('/crisis risk retire price-war', 'Exited that market');
    expect(retire).toContain('? Reason for the change');
    expect(retire).toContain('Retired price-war; its history is kept.');
    expect(await shell.as(bob).type('/crisis risk update price-war reason=x')).toContain('price-war is retired');
    expect(await shell.as(bob).type('/crisis risk')).toContain('Retired: price-war');

    const raised = await shell.type('/crisis raise title="Servers encrypted" type=cyber-attack', '/skip');
    const key = raised.match(/(INC-\d{8}-\d{3})/)![1]!;
    // A cyber attack is private: to someone outside its war room the incident does not exist, and nothing is linked.
    expect(await shell.as({ id: 'mallory', name: 'Mallory' }).type(`/crisis risk link ${key} ransomware`)).toContain(`There is no incident ${key}; /crisis status lists the open ones.`);
    expect((await readRisk(core.db, 'ransomware'))!.incidents).toEqual([]);
    expect(await shell.as(alice).type(`/crisis risk link ${key} ransomware`)).toContain(`${key} is recorded as the realisation of risk ransomware.`);
    expect(await shell.as(alice).type(`/crisis risk link ${key} ransomware`)).toContain(`ransomware is already linked to ${key}.`);
    expect((await readTimeline(core.db, key)).map((e) => e.type)).toContain('risk.linked');
    expect(await shell.as(alice).type(`/crisis timeline ${key}`)).toContain('Alice Placeholder recorded this incident as the realisation of risk ransomware');
    expect(await shell.as(alice).type('/crisis risk show ransomware')).toMatch(new RegExp(`Incidents: ${key}`));
    // The register names a private incident only to those the access rule lets in.
    const outsider = await shell.as({ id: 'mallory', name: 'Mallory' }).type('/crisis risk show ransomware');
    expect(outsider).not.toContain(key);
    expect(outsider).toContain('Incidents: 1 you cannot see');
    expect(outsider).toContain('realised in an incident you cannot see');
    expect(await shell.as(alice).type('/crisis risk link INC-20990101-001 ransomware')).toContain('INC-20990101-001');
    expect(await shell.as(alice).type('/crisis risk show nosuch')).toContain("Risk: 'nosuch' is not in the register; use one of:");
  });

  it('DMs the owner role holders when a review falls due, once per due date, and posts the weekly digest in the monitoring channel', async () => {
    const { core, shell, clock } = await fresh();
    await shell.as(bob).type('/crisis risk');
    // Monday 2026-11-30 after 09:00 UTC: nothing falls due within the week, so this week has no digest.
    expect(await riskTick(core)).toEqual({ reminders: 0, digest: 0 });
    const none = await shell.as(bob).type('/crisis risk');
    expect(none).not.toContain('Risk reviews this week');

    clock.set(new Date('2026-12-30T12:00:00Z'));
    const tick = await riskTick(core);
    // ransomware (3×5, high: every 30 days) is due; security owns it, which dave holds.
    expect(tick).toEqual({ reminders: 1, digest: 1 });
    const out = await shell.as(bob).type('/crisis risk');
    expect(out).toMatch(/\[DM @dave\] .*Risk review due: ransomware/);
    expect(out).not.toMatch(/Risk review due: customer-data-leak/);
    expect(out).toMatch(/#crisis-monitoring.*Risk reviews this week — 1 due, 1 overdue/);
    expect(out).toContain('(OVERDUE)');
    // Once per due date: the next runs remind no one again.
    expect(await riskTick(core)).toEqual({ reminders: 0, digest: 0 });
    clock.advance(DAY);
    expect((await riskTick(core)).reminders).toBe(0);
    expect(await shell.as(bob).type('/crisis risk show ransomware')).not.toContain('[DM @dave]');
    // Reviewed: the next due date gets its own reminder when it comes.
    await shell.as(dave).type('/crisis risk review ransomware checked');
    clock.advance(31 * DAY);
    expect((await riskTick(core)).reminders).toBeGreaterThanOrEqual(1);
  });

  it('speaks Chinese', async () => {
    const { shell } = await fresh('zh-CN');
    const list = await shell.as(bob).type('/crisis risk');
    expect(list).toContain('风险清单 — 在用 9 项，复核逾期 0 项');
    expect(list).toContain('ransomware — 勒索软件加密生产系统 — 3×5=15 高 — 负责人');
    expect(await shell.as(bob).type('/crisis risk show nosuch')).toContain('风险：“nosuch”不在清单中');
  });
});
