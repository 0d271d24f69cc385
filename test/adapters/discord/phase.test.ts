// The phase command through Discord: who may move it, the open-steps question (issue 19) and review
// stopping the alerts, the real discord.js client against the fake Discord.
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../../adapters/discord/register.ts';
import { pendingAlerts } from '../../../src/store/alerts.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { IDS } from '../../fakes/discord/index.ts';
import { tickStepsBefore } from '../../support/steps.ts';
import { alertEvents, at, KEY, P, plain, raised, rosterGuild, STEP1, sweepAt } from './deadline-world.ts';
import { interact, replyOf, useWorlds } from './support.ts';

const openWorld = useWorlds();

describe('Discord: /crisis phase', { timeout: 120_000 }, () => {
  it('the lead moving the incident to review stops its alerts: the next sweep sends nothing', async () => {
    const w = await openWorld('deadline_phase', { guilds: [rosterGuild()] });
    const { room } = await raised(w);
    await sweepAt(w, room, 15);

    // Registered, so the fake builds the options from the command's own definition (key and phase, strings).
    await registerCommands(w.config);
    const REASONS: Record<string, string> = { respond: 'the fire brigade is on site', resolve: 'the fire is out; the rest goes to the debrief', review: 'root cause is in the site report' };
    const phase = (phase: string, userId: string, reason = REASONS[phase]) => interact(w, { kind: 'slash', subcommand: 'phase', options: { key: KEY, phase, ...(reason ? { reason } : {}) }, channelId: room, userId });
    const refused = replyOf(w, await phase('respond', IDS.alice));
    expect([refused.ephemeral, plain(refused)]).toEqual([true, `Only the incident lead (Alice Placeholder) may move ${KEY} to another phase.`]);
    w.clock.set(at(20));
    // Without the reason option, open steps of identify and assess are listed and nothing moves (issue 19).
    const asked = replyOf(w, await phase('respond', P.alice, ''));
    expect(asked.ephemeral).toBe(true);
    expect(plain(asked)).toContain(`Not moved to Respond: ${KEY} is not ready.`);
    expect(plain(asked)).toContain('Steps of earlier phases still open (5): 1, 2, 3, 4, 5 — tick them, or give a reason.');
    expect(plain(asked)).toContain(`#1 ${STEP1}`);
    expect((await findIncident(w.db, KEY))!.status).toBe('identify');
    for (const p of ['respond', 'resolve']) expect(plain(replyOf(w, await phase(p, P.alice)))).toContain(`${KEY} is now in phase`);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'phase.overridden').map((e) => e.data.reason)).toEqual([REASONS.respond, REASONS.resolve]);
    const review = replyOf(w, await phase('review', P.alice));
    expect([review.ephemeral, plain(review)]).toEqual([true, `${KEY} is now in phase Review; its deadline alerts have stopped but for the review steps (the report, the plan revision), and the war room has been told.`]);
    expect((await findIncident(w.db, KEY))!.status).toBe('review');

    const quiet = await sweepAt(w, room, 600);
    expect(quiet.all).toEqual([]);
    expect((await pendingAlerts(w.db)).filter((d) => d.alert.incidentKey === KEY && d.alert.dueAt <= at(600))).toEqual([]);
    expect((await alertEvents(w)).filter((e) => !(e.kind === 'step' && e.n === 1 && e.rung === 0))).toEqual([]);
  });

  it('moves without a question once the steps of the phases left are done', async () => {
    const w = await openWorld('deadline_phase_done', { guilds: [rosterGuild()] });
    const { room } = await raised(w);
    await tickStepsBefore(w.core, KEY, 'assess', { id: P.alice, name: 'Alice Placeholder' });
    const moved = replyOf(w, await interact(w, { kind: 'slash', subcommand: 'phase', options: { key: KEY, phase: 'assess' }, channelId: room, userId: P.alice }));
    expect(plain(moved)).toContain(`${KEY} is now in phase Assess`);
    expect((await findIncident(w.db, KEY))!.status).toBe('assess');
    expect((await readTimeline(w.db, KEY)).some((e) => e.type === 'phase.overridden')).toBe(false);
  });
});
