import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { stepsOf } from '../../../src/store/steps.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { connectDb, makeCore, testClock, useTestCore } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };
const bob = { id: 'bob', name: 'Bob Placeholder' };
const dave = { id: 'dave', name: 'Dave Placeholder' };

async function raise(shell: ReturnType<typeof shellDriver>, title: string): Promise<string> {
  const out = await shell.type(`/crisis raise title="${title}" type=reputation`, '/skip');
  return out.match(/(INC-\d{8}-\d{3})/)![1]!;
}

describe('roles in an incident on the terminal', () => {
  it('claims, releases and assigns a role with a brief by DM; the open steps of the role follow', async () => {
    const shell = shellDriver(t.core);
    const key = await raise(shell, 'Viral post about a recall');

    const card = await shell.as(alice).type(`/crisis role ${key}`);
    expect(card).toContain(`Roles — ${key}`);
    expect(card).toMatch(/Crisis lead: @Alice Placeholder/);
    expect(card).toMatch(/Communications[^:]*: @Carol Placeholder/);

    // dave is in the roster but holds no comms role: he claims it, and gets its brief with his open steps.
    const claimed = await shell.as(dave).type(`/crisis role ${key} claim comms`);
    expect(claimed).toContain(`You hold`);
    expect(claimed).toMatch(/\[DM @dave\] .*Your role in INC-\d{8}-\d{3}: Comm/);
    expect(claimed).toMatch(/Dave Placeholder claimed Comm/);
    const comms = (await stepsOf(t.core.db, (await findIncident(t.core.db, key))!)).filter((s) => s.ownerRole === 'comms');
    expect(comms.length).toBeGreaterThan(0);
    for (const s of comms) expect(s.owners.map((o) => o.id)).toEqual(['carol', 'dave']);

    expect(await shell.as(dave).type(`/crisis role ${key} claim comms`)).toContain('already holds');
    expect(await shell.as(dave).type(`/crisis role ${key} release comms`)).toContain('You no longer hold');
    expect(await shell.as(dave).type(`/crisis role ${key} release comms`)).toContain('does not hold');

    // Only the lead assigns; the brief names the role's duties and the person's open steps.
    expect(await shell.as(dave).type(`/crisis role ${key} assign legal_counsel dave`)).toContain('Only the incident lead (Alice Placeholder) may assign');
    const assigned = await shell.as(alice).type(`/crisis role ${key} assign legal_counsel dave`);
    expect(assigned).toContain(`Dave Placeholder holds Legal counsel in ${key} now; they get the role brief by DM.`);
    expect(assigned).toMatch(/\[DM @dave\] .*Your open steps:/);

    const timeline = (await readTimeline(t.core.db, key)).map((e) => e.type);
    expect(timeline).toEqual(expect.arrayContaining(['role.claimed', 'role.released', 'role.assigned']));
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('Alice Placeholder assigned Legal counsel to Dave Placeholder');
  });

  it('refuses an unknown role, a person not in the roster and a missing action word, naming the choices', async () => {
    const shell = shellDriver(t.core);
    const key = await raise(shell, 'Rumour about layoffs');
    expect(await shell.as(alice).type(`/crisis role ${key} claim comunications`)).toMatch(/Role: 'comunications' is not a role of INC-\d{8}-\d{3}; use one of: crisis_lead, monitoring_leader, .*comms/);
    expect(await shell.as(alice).type(`/crisis role ${key} assign comms zed`)).toMatch(/Person: 'zed' is not in roster.yml; use one of: alice \(Alice Placeholder\), bob/);
    expect(await shell.as(alice).type(`/crisis role ${key} sing`)).toContain("'sing' is not something /crisis role does; use one of: claim, release, assign, handover, accept, withdraw.");
    expect(await shell.as(alice).type(`/crisis role ${key} claim`)).toMatch(/Name the role \(role claim\); roles of INC-/);
    // Someone the roster does not know holds no role.
    expect(await shell.type(`/crisis role ${key} claim comms`)).toContain('You are not in roster.yml');
  });

  it('hands the lead over only when the new lead accepts; withdrawn, nothing changes; the next overdue escalation goes to the new lead', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Negative press on emissions');
    const raisedAt = (await findIncident(t.core.db, key))!.raisedAt.getTime();

    // Offered and withdrawn: alice stays lead, the card shows the pending offer meanwhile.
    const offered = await shell.as(alice).type(`/crisis role ${key} handover bob`);
    expect(offered).toContain(`Handover of ${key} offered to Bob Placeholder. You stay lead until they accept.`);
    expect(offered).toMatch(/\[DM @bob\] .*Take over the lead of INC-/);
    expect(await shell.as(alice).type(`/crisis role ${key}`)).toContain('Lead handover to Bob Placeholder proposed by Alice Placeholder — waiting for Bob Placeholder to accept; Alice Placeholder stays lead until then.');
    expect(await shell.as(dave).type(`/crisis role ${key} accept`)).toContain('was offered to Bob Placeholder; only they can accept it');
    expect(await shell.as(alice).type(`/crisis role ${key} withdraw`)).toContain(`The handover of ${key} is withdrawn; Alice Placeholder stays lead.`);
    expect(await shell.as(bob).type(`/crisis role ${key} accept`)).toContain(`No lead handover of ${key} is waiting`);
    expect((await findIncident(t.core.db, key))!.lead?.id).toBe('alice');

    // Offered again (as assigning the lead role) and accepted: bob leads; alice may no longer acknowledge.
    await shell.as(alice).type(`/crisis role ${key} assign crisis_lead bob`);
    expect((await findIncident(t.core.db, key))!.lead?.id).toBe('alice');
    const accepted = await shell.as(bob).type(`/crisis role ${key} accept`);
    expect(accepted).toContain(`You lead ${key} now.`);
    expect(accepted).toContain('Bob Placeholder accepted: Bob Placeholder leads the incident now.');
    expect((await findIncident(t.core.db, key))!.lead).toEqual(bob);
    expect(await shell.as(alice).type(`/crisis ack ${key}`)).toContain('Only the incident lead (Bob Placeholder) may acknowledge');
    expect(await shell.as(bob).type(`/crisis status ${key}`)).toMatch(/Lead: @Bob Placeholder/);

    // Level 4: a missed step reaches its owners at once and the lead an hour later: that is bob now.
    const steps = await stepsOf(t.core.db, (await findIncident(t.core.db, key))!);
    const first = steps.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0]!;
    await shell.sweepAt(new Date(first.dueAt.getTime() + 60_000));
    const lead = await shell.sweepAt(new Date(first.dueAt.getTime() + 61 * 60_000));
    expect(lead).toContain(`[DM @bob] == Step ${first.n} of ${key} is overdue ==`);
    expect(lead).toContain('You hear about it as lead: rung 2 of 2 of the escalation ladder.');
    expect(lead).not.toContain(`[DM @alice] == Step ${first.n} of ${key}`);
    expect(lead).toMatch(/is 1 h 1 min overdue — escalated to @Bob Placeholder/);
    expect(raisedAt).toBeLessThan(first.dueAt.getTime());
    const types = (await readTimeline(t.core.db, key)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['lead.handover.proposed', 'lead.handover.withdrawn', 'lead.handover.accepted']));
  });

  it('speaks Chinese on a zh-CN terminal: the Roles card, a refusal naming the choices, the handover offer', async () => {
    const core = await makeCore(await connectDb(t.db.uri('roles_zh')), { now: clock.now, locale: 'zh-CN' });
    const shell = shellDriver(core);
    const key = await raise(shell, '网络谣言');
    expect(await shell.as(alice).type(`/crisis role ${key}`)).toContain(`角色 — ${key}`);
    expect(await shell.as(alice).type(`/crisis role ${key} claim guard`)).toMatch(/角色：“guard”不是 INC-\d{8}-\d{3} 的角色；请用：crisis_lead/);
    expect(await shell.as(alice).type(`/crisis role ${key} handover bob`)).toContain('对方接受前您仍是负责人');
    expect(await shell.as(bob).type(`/crisis role ${key} accept`)).toContain(`您现在是 ${key} 的负责人。`);
    await core.db.close();
  });
});
