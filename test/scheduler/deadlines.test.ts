import { describe, expect, it } from 'vitest';
import { clickButton } from '../../commands/buttons.ts';
import type { Core } from '../../src/core.ts';
import { plannedAlerts } from '../../src/domain/escalation.ts';
import { instantiateChecklist } from '../../src/domain/checklist.ts';
import type { Playbook } from '../../src/playbook/schema.ts';
import { pendingAlerts } from '../../src/store/alerts.ts';
import { updateIncident } from '../../src/store/incidents.ts';
import { loadDefaultPlaybook, makeCore, testClock, useTestDb } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const testDb = useTestDb();

const MIN = 60_000;
const T0 = new Date('2026-11-28T10:00:00');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const KEY = 'INC-20261128-001';
const ROOM = '[#inc-20261128-001-warehouse-fire]';
const ALICE = { id: 'alice', name: 'Alice Placeholder' };
const DAVE = { id: 'dave', name: 'Dave Placeholder' };
let databases = 0;

/**
 * A terminal on a fresh database at 10:00 with a level-2 safety accident raised: step 1 (owner:
 * security = Dave) is due 10:15, step 2 (Bob) 10:30, the acknowledgement 10:30, an update every
 * hour; the ladder is owners at the deadline → lead (Alice) +15 min → executive (Ivan) +30 min.
 */
async function raised(opts: { refuseDmTo?: string[]; playbook?: Playbook; drill?: boolean } = {}) {
  const clock = testClock(T0);
  const conn = await testDb.connect(`deadlines_${++databases}`);
  const core: Core = await makeCore(conn, { now: clock.now, playbook: opts.playbook });
  const shell = shellDriver(core, undefined, { clock, refuseDmTo: opts.refuseDmTo });
  const out = await shell.type(`/crisis raise title="Warehouse fire, building 3" type=safety-accident people_affected=12${opts.drill ? ' drill=yes' : ''}`, '/skip');
  expect(out).toContain(`${opts.drill ? '[DRILL] ' : ''}${KEY} raised`);
  return { core, clock, shell, out, close: () => conn.close() };
}

const lines = (out: string, prefix: string) => out.split('\n').filter((l) => l.startsWith(prefix));
const events = async (core: Core, type = 'deadline.alert') =>
  (await core.db.m.Timeline.find({ incidentKey: KEY, type }).lean()).map((e) => e.data as Record<string, unknown>);

describe('overdue steps climb the escalation ladder', () => {
  it('DMs the owners at the deadline, then the lead, then the executive, each with a war-room notice and a timeline event', async () => {
    const { core, shell, close } = await raised();
    expect(await shell.sweepAt(at(14))).toBe('');

    const r0 = await shell.sweepAt(at(15));
    expect(lines(r0, '[DM @dave]')).toEqual([
      `[DM @dave] == Step 1 of ${KEY} is overdue ==`,
      `[DM @dave] ${KEY}: Warehouse fire, building 3 (level 2)`,
      '[DM @dave] Step 1: Call emergency services and start first aid for the injured',
      '[DM @dave] Due 2026-11-28 10:15 — overdue now',
      '[DM @dave] owner: Security lead — @Dave Placeholder',
      `[DM @dave] [Done: /crisis tick ${KEY} 1] [Need help: /crisis need-help ${KEY} 1] [Snooze 15 min: /crisis snooze ${KEY} 1]`,
    ]);
    expect(r0).toContain(`${ROOM} ⚠ Step 1 'Call emergency services and start first aid for the injured' is overdue — reminded @Dave Placeholder`);

    const r1 = await shell.sweepAt(at(30));
    expect(r1).toContain('[DM @alice] Due 2026-11-28 10:15 — 15 min overdue');
    expect(r1).toContain('[DM @alice] You hear about it as lead: rung 2 of 3 of the escalation ladder.');
    expect(r1).toContain(`${ROOM} ⚠ Step 1 'Call emergency services and start first aid for the injured' is 15 min overdue — escalated to @Alice Placeholder`);

    const r2 = await shell.sweepAt(at(45));
    expect(r2).toContain(`${ROOM} ⚠ Step 1 'Call emergency services and start first aid for the injured' is 30 min overdue — escalated to @Ivan Placeholder`);
    expect(r2).toContain('[DM @ivan] You hear about it as Executive sponsor: rung 3 of 3 of the escalation ladder.');
    // The ladder has three rungs: nothing more for step 1, ever.
    expect((await pendingAlerts(core.db)).filter((d) => d.alert.kind === 'step' && d.alert.n === 1)).toHaveLength(0);
    const step1 = (await events(core)).filter((e) => e.kind === 'step' && e.n === 1);
    expect(step1.map((e) => [e.rung, e.notified])).toEqual([[0, ['Dave Placeholder']], [1, ['Alice Placeholder']], [2, ['Ivan Placeholder']]]);
    expect(await shell.type(`/crisis timeline ${KEY}`)).toContain('step 1 overdue: alerted Ivan Placeholder (rung 3)');
    await close();
  });

  it('stops once the step is done: a tick writes no alert, the sweep drops the stale ladder', async () => {
    const { core, shell, close } = await raised();
    await shell.sweepAt(at(15));
    await shell.as(DAVE).type(`/crisis tick ${KEY} 1`);
    const later = await shell.sweepAt(at(46));
    expect(later).not.toContain('Step 1');
    expect(later).toContain('Step 2'); // other deadlines still bite
    expect((await events(core)).filter((e) => e.n === 1)).toHaveLength(1);
    await close();
  });

  it('starts a reopened step’s ladder afresh from the reopen time', async () => {
    const { shell, close } = await raised();
    await shell.type(`/crisis tick ${KEY} 1`);
    expect(await shell.sweepAt(at(16))).not.toContain('Step 1');
    await shell.type(`/crisis untick ${KEY} 1`);
    const reopened = await shell.sweepAt(at(16));
    expect(reopened).toContain('[DM @dave] Due 2026-11-28 10:15 — 1 min overdue');
    expect(await shell.sweepAt(at(30))).not.toContain('escalated to @Alice Placeholder');
    expect(await shell.sweepAt(at(31))).toContain("Step 1 'Call emergency services and start first aid for the injured' is 16 min overdue — escalated to @Alice Placeholder");
    await close();
  });

  it('holds a snoozed step’s alerts for 15 minutes; only its owners or the lead may snooze', async () => {
    const { shell, close } = await raised();
    await shell.sweepAt(at(20));
    expect(await shell.type(`/crisis snooze ${KEY} 1`)).toContain(`Only the owners of step 1 of ${KEY} (Dave Placeholder) or the lead (Alice Placeholder) may snooze its alerts.`);
    const snoozed = await shell.as(DAVE).type(`/crisis snooze ${KEY} 1`);
    expect(snoozed).toContain(`Alerts for step 1 of ${KEY} snoozed for 15 min, until 2026-11-28 10:35`);
    expect(snoozed).toContain(`${ROOM} 💤 Dave Placeholder snoozed the alerts of step 1 'Call emergency services and start first aid for the injured' until 2026-11-28 10:35`);
    expect(await shell.sweepAt(at(34))).not.toContain('Step 1');
    expect(await shell.sweepAt(at(35))).toContain("Step 1 'Call emergency services and start first aid for the injured' is 20 min overdue — escalated to @Alice Placeholder");
    await close();
  });

  it('pings the lead at once when an owner needs help', async () => {
    const { core, shell, close } = await raised();
    const out = await shell.as(DAVE).type(`/crisis need-help ${KEY} 1`);
    expect(out).toContain(`The lead (Alice Placeholder) has been asked to help with step 1 of ${KEY}.`);
    expect(out).toContain(`[DM @alice] == Dave Placeholder needs help with step 1 of ${KEY} ==`);
    expect(out).toContain('[DM @alice] Asked by @Dave Placeholder');
    expect(out).toContain(`${ROOM} 🆘 Dave Placeholder asked for help with step 1 'Call emergency services and start first aid for the injured' — notified @Alice Placeholder`);
    expect(await events(core, 'step.help')).toHaveLength(1);
    await close();
  });

  it('raises nothing for a resolved incident and clears its pending alerts', async () => {
    const { core, shell, close } = await raised();
    await updateIncident(core.db, KEY, () => ({ status: 'review' }));
    expect(await shell.sweepAt(at(600))).toBe('');
    expect((await pendingAlerts(core.db)).filter((d) => d.alert.incidentKey === KEY && d.alert.dueAt <= at(600))).toHaveLength(0);
    expect(await shell.type(`/crisis ack ${KEY}`)).not.toContain('acknowledged;');
    await close();
  });
});

describe('the review phase', () => {
  it("keeps its own steps (the report, the plan revision) on their ladders, and nothing else; closing stops them", async () => {
    const { core, shell, close } = await raised();
    await updateIncident(core.db, KEY, () => ({ status: 'review' }));
    const day = 24 * 60;
    const due = await shell.sweepAt(at(14 * day));
    expect(due).toMatch(/\[DM @alice\] Step \d+: Write the summary report/);
    expect(due).toMatch(/⚠ Step \d+ 'Write the summary report: overview, measures, effect, lessons learned' is overdue/);
    expect(due).not.toContain("Step 1 'Call emergency services");
    expect(due).not.toContain('is not acknowledged');
    await updateIncident(core.db, KEY, () => ({ status: 'closed' }));
    expect(await shell.sweepAt(at(14 * day + 60))).toBe('');
    await close();
  });
});

describe('acknowledgement', () => {
  it('shows the policy and the buttons on the summary; only the lead may acknowledge; until then it is watched like a step', async () => {
    const { core, shell, out, close } = await raised();
    expect(out).toContain(`${ROOM} Overdue steps: owners at the deadline → lead after 15 min → Executive sponsor after 30 min`);
    expect(out).toContain(`${ROOM} Acknowledged: not yet`);
    expect(out).toContain(`${ROOM} [Acknowledge: /crisis ack ${KEY}] [Post update: /crisis update ${KEY}]`);

    const due = await shell.sweepAt(at(30));
    expect(due).toContain(`[DM @alice] == ${KEY} is not acknowledged ==`);
    expect(due).toContain(`[DM @alice] [Acknowledge: /crisis ack ${KEY}]`);
    expect(due).toContain(`${ROOM} ⚠ ${KEY} is not acknowledged yet — reminded @Alice Placeholder`);

    expect(await shell.type(`/crisis ack ${KEY}`)).toBe(`Only the incident lead (Alice Placeholder) may acknowledge ${KEY}.`);
    await shell.sweepAt(at(32));
    const acked = await shell.as(ALICE).type(`/crisis ack ${KEY}`);
    expect(acked).toContain(`${KEY} acknowledged; its acknowledgement alerts stop`);
    expect(acked).toContain(`${ROOM} ✅ ${KEY} acknowledged by Alice Placeholder.`);
    expect(acked).toContain(`${ROOM} Acknowledged: by Alice Placeholder at 2026-11-28 10:32`);
    expect(acked).not.toContain('[Acknowledge');
    expect(await shell.as(ALICE).type(`/crisis ack ${KEY}`)).toBe(`${KEY} was already acknowledged by Alice Placeholder; nothing changed.`);

    const later = await shell.sweepAt(at(90));
    expect(later).not.toContain('not acknowledged');
    expect((await events(core)).filter((e) => e.kind === 'ack')).toHaveLength(1);
    expect(await shell.type(`/crisis timeline ${KEY}`)).toContain('acknowledged by Alice Placeholder');
    await close();
  });

  it('maps the Acknowledge button onto the same command and rule', async () => {
    const { core, close } = await raised();
    const inv = { platform: 'shell' as const, workspace: 'local', user: { id: 'rita', name: 'Rita Reporter' }, locale: 'en' as const };
    const refused = await clickButton(core, inv, 'incident.ack', KEY);
    expect(refused).toMatchObject({ kind: 'reply' });
    expect(JSON.stringify(refused)).toContain('Only the incident lead');
    expect(JSON.stringify(await clickButton(core, { ...inv, user: ALICE }, 'incident.ack', KEY))).toContain('acknowledged;');
    await close();
  });
});

describe('status updates', () => {
  it('posts and records an update; silence past the cadence nudges the room and DMs the lead', async () => {
    const { core, shell, close } = await raised();
    const nudge = await shell.sweepAt(at(60));
    expect(nudge).toContain(`${ROOM} ⏰ No status update for 1 h (due every 1 h) — reminded @Alice Placeholder. Post one with /crisis update ${KEY} <text>.`);
    expect(nudge).toContain(`[DM @alice] == Status update due for ${KEY} ==`);
    expect(nudge).toContain(`[DM @alice] [Post update: /crisis update ${KEY}]`);

    await shell.sweepAt(at(70));
    const posted = await shell.type(`/crisis update ${KEY} Fire contained in the north wing; 3 injured in hospital.`);
    expect(posted).toContain(`Update 1 of ${KEY} posted in the war room. Next one due by 2026-11-28 12:10`);
    expect(posted).toContain(`${ROOM} == Status update 1 — ${KEY}: Warehouse fire, building 3 ==`);
    expect(posted).toContain(`${ROOM} Fire contained in the north wing; 3 injured in hospital.`);
    expect(posted).toContain(`${ROOM} Last status update: 2026-11-28 11:10 (1 so far)`);

    expect(await shell.sweepAt(at(129))).not.toContain('No status update');
    expect(await shell.sweepAt(at(130))).toContain(`${ROOM} ⏰ No status update for 1 h (due every 1 h)`);
    expect(await shell.type(`/crisis timeline ${KEY}`)).toContain('status update 1 by Rita Reporter: Fire contained in the north wing; 3 injured in hospital.');
    expect((await events(core)).filter((e) => e.kind === 'update')).toHaveLength(2);
    await close();
  });

  it('opens a one-field form from the Update button (and from /crisis update KEY without text)', async () => {
    const { core, shell, close } = await raised();
    const inv = { platform: 'shell' as const, workspace: 'local', user: { id: 'rita', name: 'Rita Reporter' }, locale: 'en' as const };
    const outcome = await clickButton(core, inv, 'incident.update', KEY);
    expect(outcome?.kind).toBe('form');
    if (outcome?.kind !== 'form') return;
    expect(outcome.form.fields.map((f) => f.name)).toEqual(['text']);
    expect(outcome.form.context).toBe(KEY);

    const asked = await shell.type(`/crisis update ${KEY}`);
    expect(asked).toContain(`== Status update for ${KEY} ==`);
    expect(asked).toContain('? Update (what changed, what happens next)');
    const done = await shell.type('Evacuation complete.');
    expect(done).toContain(`${ROOM} Evacuation complete.`);
    await close();
  });
});

describe('drills', () => {
  it('alert only the participants and carry DRILL on every message', async () => {
    // A plan whose war room leaves the executive out: the executive rung must not page them in a drill.
    const pb = await loadDefaultPlaybook();
    const playbook: Playbook = { ...pb, plans: pb.plans.map((p) => (p.id === 'safety-accident' ? { ...p, roles: p.roles.filter((r) => r !== 'executive') } : p)) };
    const { core, shell, out, close } = await raised({ playbook, drill: true });
    const roomCards = lines(out, ROOM).filter((l) => l.includes('== '));
    expect(roomCards.length).toBeGreaterThan(2);
    for (const l of roomCards) expect(l).toContain('== [DRILL] ');
    expect(out).toMatch(/^== \[DRILL\] INC-20261128-001 raised: /m);

    await shell.sweepAt(at(15));
    const r2 = await shell.sweepAt(at(45));
    expect(r2).not.toContain('[DM @ivan]');
    expect(r2).toContain(`${ROOM} [DRILL] ⚠ Step 1 'Call emergency services and start first aid for the injured' is 30 min overdue — escalated to no one (drill: not alerted, not taking part: Ivan Placeholder)`);
    for (const l of lines(r2, '[DM @')) if (l.includes('==')) expect(l).toContain('== [DRILL] ');
    const exec = (await events(core)).find((e) => e.n === 1 && e.rung === 2)!;
    expect([exec.notified, exec.skipped]).toEqual([[], ['Ivan Placeholder']]);
    await close();
  });
});

describe('refused DMs', () => {
  it('go to the war room addressed to the person, and the lead is told', async () => {
    const { core, shell, close } = await raised({ refuseDmTo: ['dave'] });
    const out = await shell.sweepAt(at(15));
    expect(out).not.toContain('[DM @dave]');
    expect(out).toContain(`${ROOM} == Step 1 of ${KEY} is overdue ==`);
    expect(out).toContain(`${ROOM} @Dave Placeholder could not be reached by direct message (dave does not accept direct messages), so it is posted here:`);
    expect(out).toContain(`[DM @alice] Could not send Dave Placeholder a direct message about ${KEY} (dave does not accept direct messages); it was posted in the war room instead.`);
    expect((await events(core, 'dm.refused')).map((e) => e.user)).toEqual(['Dave Placeholder']);
    await close();
  });
});

describe('downtime', () => {
  it('sends each alert that fell due while nothing ran exactly once, marked late — not a burst of duplicates', async () => {
    const { core, shell, close } = await raised();
    const out = await shell.sweepAt(at(180));
    // What should have gone out between 10:00 and 13:00, by the same rules the simulation uses.
    const pb = core.playbook;
    const level = pb.levels[1]!;
    const plan = pb.plans.find((p) => p.id === 'safety-accident')!;
    const steps = instantiateChecklist(plan, 2, new Date(0)).map((d) => ({ n: d.n, dueAfter: d.dueAt.getTime() }));
    const expected = plannedAlerts({ ackAfter: level.response.acknowledge, cadence: level.response.update_every, ladder: level.escalation, steps, statementAfter: level.response.first_statement }, 180 * MIN)
      .filter((a) => a.at <= 180 * MIN)
      // Missed update windows collapse into one nudge.
      .filter((a) => a.kind !== 'update' || a.rung === 0);
    const sent = await events(core);
    expect(sent).toHaveLength(expected.length);
    expect(new Set(sent.map((e) => e.alert)).size).toBe(sent.length);
    expect(sent.every((e) => e.late === true)).toBe(true);
    expect(out).toContain('[DM @dave] Sent 2 h 45 min late: crisis-bot was not running when this fell due.');
    expect(await core.db.m.Outbox.countDocuments()).toBe(0);
    // A second sweep (another replica, a restart) finds nothing left to send.
    expect(await shell.sweepAt(at(180))).toBe('');
    expect(await events(core)).toHaveLength(expected.length);
    await close();
  });
});
