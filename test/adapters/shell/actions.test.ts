import { describe, expect, it } from 'vitest';
import { hasRootCause } from '../../../src/actions/service.ts';
import { addFact } from '../../../src/assessment/service.ts';
import { changePhase } from '../../../src/incidents/phase.ts';
import { pendingAlerts } from '../../../src/store/alerts.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { connectDb, makeCore, testClock, useTestCore } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };
const bob = { id: 'bob', name: 'Bob Placeholder' };
const erin = { id: 'erin', name: 'Erin Placeholder' };

async function raise(shell: ReturnType<typeof shellDriver>, title: string, type = 'reputation'): Promise<string> {
  const out = await shell.type(`/crisis raise title="${title}" type=${type}`, '/skip');
  return out.match(/(INC-\d{8}-\d{3})/)![1]!;
}

const fact = async (key: string, what: string) => {
  await addFact(t.core, (await findIncident(t.core.db, key))!, { what, source: 'interview', confidence: 'high' }, alice);
};

describe('root-cause analysis and improvement actions on the terminal', () => {
  it('records the RCA form as versions, checks its evidence against the facts, and makes its corrective lines actions', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Leaking valve at the plant');
    await fact(key, 'The valve seal was past its service date');
    expect(await hasRootCause(t.core, key)).toBe(false);
    expect(await shell.type(`/crisis action ${key} rca show`)).toContain(`No root-cause analysis recorded for ${key} yet`);

    // Evidence F7 does not exist and the second corrective line lacks its due: both named, nothing typed lost.
    const asAlice = shell.as(alice);
    const first = await asAlice.type(
      `/crisis action ${key} rca`,
      'The valve leaked during the night shift',
      'The seal failed', 'equipment',
      'It was not replaced on time', 'process',
      '', '', '',
      'Night shift was short-staffed',
      'F1, F7',
      'Replace all valve seals; erin; 2026-12-10 17:00 | Add seals to the service plan; operations',
    );
    expect(first).toContain(`== Root-cause analysis — ${key} ==`);
    expect(first).toContain(`Evidence (facts): 'F7' is not a fact of ${key}; its facts: F1.`);
    expect(first).toContain('Corrective actions, line 2 ("Add seals to the service plan; operations"): write it as title; owner; due');
    const fixed = await asAlice.type('F1', 'Replace all valve seals; erin; 2026-12-10 17:00 | Add seals to the service plan; operations; 2026-12-20');
    expect(fixed).toContain(`Root-cause analysis v1 of ${key} recorded; its corrective actions are A1, A2.`);
    expect(await hasRootCause(t.core, key)).toBe(true);

    const shown = await shell.type(`/crisis action ${key} rca show`);
    expect(shown).toContain('Version 1, by Alice Placeholder');
    expect(shown).toContain('Why 1: The seal failed [equipment]');
    expect(shown).toContain('Why 2: It was not replaced on time [process]');
    expect(shown).toContain('Evidence (facts): F1');
    expect(shown).toContain('Corrective actions: A1, A2');

    // Submitted again: a second version, started from the first (Enter keeps a value); the first stays in the record.
    const again = await shell.as(bob).type(`/crisis action ${key} rca`, 'The valve leaked twice', '', '', '', '', '', '', '', '', '', '');
    expect(again).toContain(`Root-cause analysis v2 of ${key} recorded.`);
    const i = (await findIncident(t.core.db, key))!;
    expect(i.rca!.map((r) => [r.v, r.by.name, r.problem])).toEqual([[1, 'Alice Placeholder', 'The valve leaked during the night shift'], [2, 'Bob Placeholder', 'The valve leaked twice']]);
    expect(i.rca![1]!.whys[0]).toEqual({ text: 'The seal failed', category: 'equipment' });
    expect(i.actions!.map((a) => [a.id, a.source, a.rca, 'person' in a.owner ? a.owner.person.id : a.owner.role])).toEqual([['A1', 'root-cause', 1, 'erin'], ['A2', 'root-cause', 1, 'operations']]);
    const events = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'rca.recorded');
    expect(events.map((e) => [e.data.v, e.actor])).toEqual([[1, 'Alice Placeholder'], [2, 'Bob Placeholder']]);
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('Alice Placeholder recorded the root-cause analysis v1: The valve leaked during the night shift — A1 Replace all valve seals (Erin Placeholder, 2026-12-10)');
    expect(await shell.type(`/crisis action ${key} list`)).toMatch(/A1 · Replace all valve seals — owner @Erin Placeholder — due .* — from the root cause/);
  });

  it('adds, lists and completes actions, refusing a bad owner, due or id by name; done only by its owner, adder or the lead', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Delayed response to press');
    expect(await shell.as(alice).type(`/crisis action ${key} add Train the night shift owner=zed due=2026-12-20`)).toContain("Owner: 'zed' is neither a person in roster.yml (alice, bob");
    expect(await shell.as(alice).type(`/crisis action ${key} add Train the night shift owner=erin due=someday`)).toContain("Due: 'someday' is not a date");
    expect(await shell.as(alice).type(`/crisis action ${key} add Train the night shift owner=erin due=2020-01-01`)).toContain("Due: '2020-01-01' is not in the future");
    expect(await shell.as(alice).type(`/crisis action ${key} add owner=erin due=2026-12-20`)).toContain('Give the action a title');
    expect(await shell.as(alice).type(`/crisis action ${key} sing`)).toContain("'sing' is not something /crisis action does; use one of: rca, add, done, list, goal, progress, recovery, evaluate.");
    const added = await shell.as(alice).type(`/crisis action ${key} add Train the "night shift" owner=@erin due="2026-12-20 17:00" source=shortfall`);
    expect(added).toContain(`Action A1 added to ${key}`);
    expect(added).toMatch(/Alice Placeholder added A1 · Train the "night shift" — owner @Erin Placeholder/);
    // The owner hears at once, with Done on the DM.
    expect(added).toContain(`[DM @erin] == Improvement action for you — ${key}: A1 ==`);
    expect(added).toContain(`[DM @erin] [Done A1: /crisis action ${key} done A1]`);
    expect(await shell.as(alice).type(`/crisis action ${key} add Update the press list owner=comms due=2026-12-21`)).toContain(`Action A2 added to ${key}`);
    const list = await shell.type(`/crisis action ${key} list`);
    expect(list).toContain(`== Improvement actions — ${key} ==`);
    expect(list).toMatch(/A1 · Train the "night shift" — owner @Erin Placeholder — due .* — from a shortfall/);
    expect(list).toMatch(/A2 · Update the press list — owner Communications[^—]* — due .* — from a lesson/);
    expect(list).toContain('2 open (0 overdue), 0 done.');
    expect(await shell.type(`/crisis action ${key}`)).toBe(list);

    expect(await shell.as(alice).type(`/crisis action ${key} done A9`)).toContain(`'A9' is not an action of ${key}; its actions: A1, A2.`);
    expect(await shell.as(bob).type(`/crisis action ${key} done A1`)).toContain(`Only the owner of A1, whoever added it or the incident lead (Alice Placeholder) may mark it done in ${key}.`);
    const done = await shell.as(erin).type(`/crisis action ${key} done A1 trained 12 people`);
    expect(done).toContain(`Action A1 of ${key} is done; its alerts stop.`);
    expect(done).toContain('Erin Placeholder marked A1 "Train the "night shift"" done — trained 12 people.');
    expect(await shell.as(erin).type(`/crisis action ${key} done A1`)).toContain(`Action A1 of ${key} is done already.`);
    expect((await readTimeline(t.core.db, key)).map((e) => e.type).filter((x) => x.startsWith('action.'))).toEqual(['action.added', 'action.added', 'action.done']);
  });

  it('an overdue action reaches its owner by DM, then the lead — after the incident closed — until it is done', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Supplier shipped the wrong parts');
    await shell.as(alice).type(`/crisis action ${key} add Audit the supplier owner=erin due="2026-12-01 09:00"`);
    await shell.as(alice).type(`/crisis action ${key} add Write the supplier checklist owner=erin due="2026-12-01 09:00"`);
    let i = (await findIncident(t.core.db, key))!;
    for (const to of ['respond', 'resolve', 'review', 'closed'] as const) i = (await changePhase(t.core, i, to, alice, undefined, to === 'review' || to === 'closed' ? 'root cause is in the site report' : undefined)).incident;
    expect(i.status).toBe('closed');
    // Closing dropped nothing of the actions' ladders (the incident's own alerts are dropped when they fall due).
    expect((await pendingAlerts(t.core.db)).filter((d) => d.alert.incidentKey === key && d.alert.kind === 'action')).toHaveLength(2);

    const due = i.actions![0]!.due.getTime();
    const owner = await shell.sweepAt(new Date(due + 60_000));
    expect(owner).toContain(`[DM @erin] == Action A1 of ${key} is overdue ==`);
    expect(owner).toContain(`${key} is closed; its improvement actions are still followed up.`);
    expect(owner).toMatch(/Action A1 "Audit the supplier" is 1 min overdue — reminded @Erin Placeholder/);
    expect(owner).not.toContain('[DM @alice] == Action');
    expect(owner).toContain(`[DM @erin] [Done: /crisis action ${key} done A1]`);

    expect(await shell.as(erin).type(`/crisis action ${key} done A2`)).toContain(`Action A2 of ${key} is done`);
    const lead = await shell.sweepAt(new Date(due + 61 * 60_000));
    expect(lead).toContain(`[DM @alice] == Action A1 of ${key} is overdue ==`);
    expect(lead).toContain('You hear about it as the next rung of the escalation ladder');
    expect(lead).toMatch(/Action A1 "Audit the supplier" is 1 h 1 min overdue — escalated to @Alice Placeholder/);
    expect(lead).not.toContain('Action A2');

    const alerts = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'action');
    // The two rung-0 alerts share a due time: either may be handled first.
    expect(alerts.map((e) => `${String(e.data.action)}:${String(e.data.rung)}`).sort()).toEqual(['A1:0', 'A1:1', 'A2:0']);
    expect(alerts.at(-1)!.data).toMatchObject({ action: 'A1', rung: 1, notified: ['Alice Placeholder'] });
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('Action A1 overdue: rung 2 — alerted Alice Placeholder');
    expect((await pendingAlerts(t.core.db)).filter((d) => d.alert.incidentKey === key && d.alert.kind === 'action')).toHaveLength(0);
  });

  it('lists every open action across the incidents the asker may see, overdue first; a private incident stays hidden', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    const open = await raise(shell, 'Flood in the warehouse');
    const hidden = await raise(shell, 'Ransomware on the file server', 'cyber-attack');
    const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
    await shell.as(alice).type(`/crisis action ${open} add Move stock off the floor owner=erin due=${at(30 * 86_400_000)}`);
    await shell.as(alice).type(`/crisis action ${open} add Check the drains owner=erin due=${at(2 * 3_600_000)}`);
    await shell.type(`/crisis action ${hidden} add Rotate the backup keys owner=grace due=${at(30 * 86_400_000)}`);
    clock.set(new Date(clock.now().getTime() + 24 * 3_600_000));

    const outsider = shell.as({ id: 'rita', name: 'Rita Reporter' });
    await outsider.type('/crisis as mallory');
    const theirs = await outsider.type('/crisis action list');
    expect(theirs).toContain('Move stock off the floor');
    expect(theirs).not.toContain('Rotate the backup keys');
    expect(theirs).not.toContain(hidden);
    const lines = theirs.split('\n').filter((l) => l.includes(`· ${open} ·`));
    expect(lines[0]).toContain('Check the drains');
    expect(lines[0]).toContain('overdue 22 h');
    expect((await outsider.type(`/crisis action ${hidden} list`)).replace(hidden, 'KEY')).toBe((await outsider.type(`/crisis action ${hidden.replace(/\d{3}$/, '999')} list`)).replace(/INC-\d{8}-999/, 'KEY'));

    // The monitoring group leader is entitled to every incident: the private one's action is on the list.
    const bobs = await shell.as(bob).type('/crisis action list');
    expect(bobs).toContain('Rotate the backup keys');
    expect(bobs).toContain(`· ${hidden} ·`);
  });

  it('speaks Chinese on a zh-CN terminal', async () => {
    const core = await makeCore(await connectDb(t.db.uri('actions_zh')), { now: clock.now, locale: 'zh-CN' });
    const shell = shellDriver(core);
    const key = await raise(shell, '网络谣言');
    expect(await shell.as(alice).type(`/crisis action ${key} add 培训值班人员 owner=erin due=2026-12-20`)).toContain(`措施 A1 已添加到 ${key}`);
    expect(await shell.as(alice).type(`/crisis action ${key} add 培训 owner=zed due=2026-12-20`)).toContain('负责人：“zed”既不是 roster.yml 中的人员');
    expect(await shell.type(`/crisis action ${key} list`)).toContain(`改进措施 — ${key}`);
    expect(await shell.as(alice).type(`/crisis action ${key} rca`)).toContain(`== 根本原因分析 — ${key} ==`);
    await core.db.close();
  });
});
