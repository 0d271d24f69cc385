import { describe, expect, it } from 'vitest';
import { addFact } from '../../../src/assessment/service.ts';
import { changePhase } from '../../../src/incidents/phase.ts';
import { sweep } from '../../../src/scheduler/sweep.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { ALICE, click, ERIN, fire, type Msg, room, startWithRoster, submit, type View } from './assessment-flow.ts';
import { type Harness, KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const MIN = 60_000;

async function answer(h: Harness, text: string, user: string): Promise<string> {
  const before = h.fake.responses.length;
  await h.command(text, user);
  await h.settled();
  return shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks));
}

const dmsTo = (h: Harness, user: string): Msg[] =>
  [...h.fake.channels.values()].filter((c) => c.is_im && c.user === user).flatMap((c) => (h.fake.messages.get(c.id) ?? []) as Msg[]);

describe('Slack: root-cause analysis and improvement actions, through real Bolt', () => {
  it('records the RCA from a modal (a wrong fact number named on its field), adds an action, escalates it after the close and stops at Done', async () => {
    const h = await startWithRoster(harness);
    await h.raise(fire(h));
    const war = room(h);
    await addFact(h.core, (await h.incident())!, { what: 'A heater was left on', source: 'on-site', confidence: 'high' }, { id: ALICE, name: 'Alice Placeholder' });

    const opened = h.fake.callsTo('views.open').length;
    await h.command(`action ${KEY} rca`, ALICE);
    await h.settled();
    const view = h.fake.callsTo('views.open')[opened]!.args.view as View;
    expect(view.title.text).toMatch(/^Root-cause analysis/);
    const values = { problem: 'Fire in the warehouse', why1: 'A heater was left on', cat1: 'people', evidence: 'F1, F9', corrective: 'Fit heater timers; operations; 2026-12-15' };
    const refused = await submit(h, values, ALICE);
    expect(refused.body.response_action).toBe('errors');
    expect(refused.body.errors!.evidence).toBe(`Evidence (facts): 'F9' is not a fact of ${KEY}; its facts: F1.`);
    expect((await h.incident())!.rca).toBeUndefined();
    const ok = await submit(h, { ...values, evidence: 'F1' }, ALICE);
    expect(ok.status).toBe(200);
    const i = (await h.incident())!;
    expect(i.rca!.map((r) => [r.v, r.problem, r.evidence])).toEqual([[1, 'Fire in the warehouse', ['F1']]]);
    expect(i.actions!.map((a) => [a.id, a.title, a.owner])).toEqual([['A1', 'Fit heater timers', { role: 'operations' }]]);
    expect(h.messages(war.id).some((m) => shown(m.blocks).includes(`Alice Placeholder recorded the root-cause analysis of ${KEY} (version 1)`))).toBe(true);
    expect(await answer(h, `action ${KEY} rca show`, ALICE)).toContain('Why 1: A heater was left on [people]');

    const due = new Date(h.clock.now().getTime() + 60 * MIN);
    expect(await answer(h, `action ${KEY} add Check every heater owner=<@${ERIN}|erin> due=${due.toISOString()}`, ALICE)).toContain(`Action A2 added to ${KEY}`);
    let incident = (await findIncident(h.core.db, KEY))!;
    for (const to of ['respond', 'resolve', 'review', 'closed'] as const) incident = (await changePhase(h.core, incident, to, { id: ALICE, name: 'Alice Placeholder' }, undefined, to === 'review' || to === 'closed' ? 'root cause is in the site report' : undefined)).incident;
    expect(incident.status).toBe('closed');

    h.clock.set(new Date(due.getTime() + MIN));
    await sweep(h.core);
    await h.slack.dispatcher.drain();
    await h.settled();
    const alert = dmsTo(h, ERIN).find((m) => m.text === `Action A2 of ${KEY} is overdue`)!;
    expect(shown(alert.blocks)).toContain(`${KEY} is closed; its improvement actions are still followed up.`);
    expect((await click(h, alert, 'action.done', ERIN)).said).toContain(`Action A2 of ${KEY} is done; its alerts stop.`);
    expect((await click(h, alert, 'action.done', ERIN)).said).toContain(`Action A2 of ${KEY} is done already.`);

    // Done stops the ladder: an hour on, the lead hears nothing of A2.
    h.clock.set(new Date(due.getTime() + 90 * MIN));
    await sweep(h.core);
    await h.slack.dispatcher.drain();
    await h.settled();
    expect(dmsTo(h, ALICE).map((m) => m.text)).not.toContain(`Action A2 of ${KEY} is overdue`);
    const list = await answer(h, 'action list', ALICE);
    expect(list).toContain(`A1 · ${KEY} · Fit heater timers`);
    expect(list).not.toContain('Check every heater');
  });

  it('lists open actions across incidents: a private incident’s action only to those who may see it', async () => {
    const h = await startWithRoster(harness);
    h.fake.addUser({ id: 'U0OUTSIDER', name: 'Oscar Outsider' });
    // A level-4 supply-chain incident is public; a cyber attack's plan is private.
    await h.raise({ title: 'Late deliveries', type: 'supply-chain' });
    await h.raise({ title: 'Ransomware on the file server', type: 'cyber-attack' });
    const PRIVATE = KEY.replace(/001$/, '002');
    const later = new Date(h.clock.now().getTime() + 3 * 86_400_000).toISOString();
    expect(await answer(h, `action ${KEY} add Fit heater timers owner=operations due=${later}`, ALICE)).toContain(`Action A1 added to ${KEY}`);
    expect(await answer(h, `action ${PRIVATE} add Rotate the backup keys owner=technical_expert due=${later}`, ALICE)).toContain(`Action A1 added to ${PRIVATE}`);

    const lead = await answer(h, 'action list', ALICE);
    expect(lead).toContain(`A1 · ${PRIVATE} · Rotate the backup keys`);
    expect(lead).toContain(`A1 · ${KEY} · Fit heater timers`);
    const outsider = await answer(h, 'action list', 'U0OUTSIDER');
    expect(outsider).toContain(`A1 · ${KEY} · Fit heater timers`);
    expect(outsider).not.toContain(PRIVATE);
    expect(outsider).not.toContain('Rotate the backup keys');
    expect(await answer(h, `action ${PRIVATE} list`, 'U0OUTSIDER')).toContain(`There is no incident ${PRIVATE}`);
  });
});
