// Issue 5's deadline rules through Discord: the real discord.js client against the fake Discord, a
// test clock moved by hand, one deadline sweep per move, the bot's outbox delivering what it queued.
import { describe, expect, it } from 'vitest';
import type { Playbook } from '../../../src/playbook/schema.ts';
import { pendingAlerts } from '../../../src/store/alerts.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { findStep } from '../../../src/store/steps.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { IDS, type FakeMessage } from '../../fakes/discord/index.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { alertEvents, at, click, dmChannel, expectNoStrayPings, expectPingsOnly, FIRE, followUps, ids, KEY, P, plain, raised, rosterGuild, stamp, STEP1, sweepAt } from './deadline-world.ts';
import { buttonsOf, modalOf, replyOf, submitModal, unescape, useWorlds } from './support.ts';

const openWorld = useWorlds();

describe('Discord: overdue steps climb the escalation ladder', { timeout: 180_000 }, () => {
  it('DMs the owner at the deadline (Done / Need help / Snooze 15 min), then the lead, then the executive; each rung a room notice and a timeline event', async () => {
    const w = await openWorld('deadline_ladder', { guilds: [rosterGuild()] });
    const { room } = await raised(w);
    expect((await sweepAt(w, room, 14)).all).toEqual([]);

    // 10:15, rung 0: Dave, the step's owner, by DM with three buttons; the war room is told.
    const r0 = await sweepAt(w, room, 15);
    const toDave = r0.dm(P.dave);
    expect(toDave).toHaveLength(1);
    expect(plain(toDave[0]!)).toBe([
      `**Step 1 of ${KEY} is overdue**`,
      `${KEY}: Warehouse fire (level 2)`,
      `Step 1: ${STEP1}`,
      `Due ${stamp(15)} — overdue now`,
      `owner: Security lead — <@${P.dave}>`,
    ].join('\n'));
    expect(ids(toDave[0]!)).toEqual([[`step.done:${KEY}:1`, 'Done'], [`step.help:${KEY}:1`, 'Need help'], [`step.snooze:${KEY}:1`, 'Snooze 15 min']]);
    expectPingsOnly(toDave[0]!, [P.dave]);
    const notice0 = r0.room.filter((m) => plain(m).includes('Step 1'));
    expect(notice0.map(plain)).toEqual([`⚠ Step 1 '${STEP1}' is overdue — reminded <@${P.dave}>`]);
    expectPingsOnly(notice0[0]!, [P.dave]);
    // Nobody else heard of step 1.
    expect(r0.all.filter((m) => plain(m).includes('Step 1')).map((m) => m.channelId).sort()).toEqual([dmChannel(w, P.dave), room].sort());

    // 10:30, rung 1: the lead. Her DM names Dave (the owner) without notifying him.
    const r1 = await sweepAt(w, room, 30);
    const toLead = r1.dm(P.alice).filter((m) => plain(m).startsWith(`**Step 1 of ${KEY}`));
    expect(toLead).toHaveLength(1);
    expect(plain(toLead[0]!)).toBe([
      `**Step 1 of ${KEY} is overdue**`,
      `${KEY}: Warehouse fire (level 2)`,
      `Step 1: ${STEP1}`,
      `Due ${stamp(15)} — 15 min overdue`,
      `owner: Security lead — <@${P.dave}>`,
      'You hear about it as lead: rung 2 of 3 of the escalation ladder.',
    ].join('\n'));
    expect(ids(toLead[0]!)).toEqual([[`step.done:${KEY}:1`, 'Done'], [`step.snooze:${KEY}:1`, 'Snooze 15 min']]);
    expectPingsOnly(toLead[0]!, []);
    const notice1 = r1.room.filter((m) => plain(m).includes('Step 1'));
    expect(notice1.map(plain)).toEqual([`⚠ Step 1 '${STEP1}' is 15 min overdue — escalated to <@${P.alice}>`]);
    expectPingsOnly(notice1[0]!, [P.alice]);
    expect(r1.dm(P.dave).filter((m) => plain(m).includes('Step 1'))).toEqual([]);

    // 10:45, rung 2: the executive (roster role `executive`: Ivan).
    const r2 = await sweepAt(w, room, 45);
    const toIvan = r2.dm(P.ivan);
    expect(toIvan).toHaveLength(1);
    expect(plain(toIvan[0]!)).toContain(`Due ${stamp(15)} — 30 min overdue`);
    expect(plain(toIvan[0]!)).toContain('You hear about it as Executive sponsor: rung 3 of 3 of the escalation ladder.');
    expect(ids(toIvan[0]!)).toEqual([[`step.done:${KEY}:1`, 'Done'], [`step.snooze:${KEY}:1`, 'Snooze 15 min']]);
    expectPingsOnly(toIvan[0]!, []);
    const notice2 = r2.room.filter((m) => plain(m).includes('Step 1'));
    expect(notice2.map(plain)).toEqual([`⚠ Step 1 '${STEP1}' is 30 min overdue — escalated to <@${P.ivan}>`]);
    expectPingsOnly(notice2[0]!, [P.ivan]);

    // Three rungs, three timeline events, nothing more pending for step 1.
    const step1 = (await alertEvents(w)).filter((e) => e.kind === 'step' && e.n === 1);
    expect(step1.map((e) => [e.rung, e.notified, e.late])).toEqual([[0, ['Dave Placeholder'], false], [1, ['Alice Placeholder'], false], [2, ['Ivan Placeholder'], false]]);
    expect((await pendingAlerts(w.db)).filter((d) => d.alert.kind === 'step' && d.alert.n === 1)).toEqual([]);
    expect((await sweepAt(w, room, 120)).all.filter((m) => plain(m).includes('Step 1'))).toEqual([]);
    expectNoStrayPings(w);
  });

  it('Done clicked in the owner’s DM stops the ladder: the next sweeps send nothing for that step', async () => {
    const w = await openWorld('deadline_done', { guilds: [rosterGuild()] });
    const { room, incident } = await raised(w);
    const dm = (await sweepAt(w, room, 15)).dm(P.dave)[0]!;

    w.clock.set(at(16));
    const done = await click(w, dm, 'step.done:');
    expect(done.response.type).toBe(6);
    expect(await findStep(w.db, KEY, 1)).toMatchObject({ status: 'done', doneBy: { id: P.dave } });
    // The checklist in the war room shows it: the click counted in the incident's guild.
    const checklist = w.fake.state.message(incident.checklistMessages![0]!.id)!;
    expect(buttonsOf(checklist)[0]).toMatchObject({ custom_id: `step.reopen:${KEY}:1` });

    const later = await sweepAt(w, room, 46);
    expect(later.text).not.toContain('Step 1');
    expect(later.text).toContain('Step 2'); // other deadlines still bite
    expect((await alertEvents(w)).filter((e) => e.kind === 'step' && e.n === 1)).toHaveLength(1);
  });

  it('Need help in the DM reaches the lead at once; Snooze 15 min holds the ladder until 15 min later', async () => {
    const w = await openWorld('deadline_help_snooze', { guilds: [rosterGuild()] });
    const { room } = await raised(w);
    const dm = (await sweepAt(w, room, 15)).dm(P.dave)[0]!;
    const leadDms = () => w.fake.state.messagesIn(dmChannel(w, P.alice));
    const roomNow = () => w.fake.state.messagesIn(room);

    // Need help: the lead's DM and the room notice go out with the click, before any sweep.
    const helpBefore = { lead: leadDms().length, room: roomNow().length };
    const help = await click(w, dm, 'step.help:');
    expect(help.response.type).toBe(6);
    expect(followUps(w, help).map((m) => [m.ephemeral, plain(m)])).toEqual([[true, `The lead (Alice Placeholder) has been asked to help with step 1 of ${KEY}.`]]);
    const helpDm = leadDms().slice(helpBefore.lead);
    expect(helpDm.map(plain)).toEqual([[
      `**dave-security needs help with step 1 of ${KEY}**`,
      `${KEY}: Warehouse fire (level 2)`,
      `Step 1: ${STEP1}`,
      `Due ${stamp(15)}`,
      `Asked by <@${P.dave}>`,
    ].join('\n')]);
    expectPingsOnly(helpDm[0]!, []);
    const helpNotice = roomNow().slice(helpBefore.room);
    expect(helpNotice.map(plain)).toEqual([`🆘 dave-security asked for help with step 1 '${STEP1}' — notified <@${P.alice}>`]);
    expectPingsOnly(helpNotice[0]!, [P.alice]);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'step.help').map((e) => e.actor)).toEqual(['dave-security']);

    // 10:20 Snooze: until 10:35; rung 1 (due 10:30) waits for it.
    w.clock.set(at(20));
    const snoozeBefore = roomNow().length;
    const snooze = await click(w, dm, 'step.snooze:');
    expect(followUps(w, snooze).map(plain)).toEqual([`Alerts for step 1 of ${KEY} snoozed for 15 min, until ${stamp(35)}`]);
    expect(roomNow().slice(snoozeBefore).map(plain)).toEqual([`💤 dave-security snoozed the alerts of step 1 '${STEP1}' until ${stamp(35)}`]);
    expect((await sweepAt(w, room, 30)).text).not.toContain('Step 1');
    expect((await sweepAt(w, room, 34)).text).not.toContain('Step 1');
    const resumed = await sweepAt(w, room, 35);
    expect(resumed.room.filter((m) => plain(m).includes('Step 1')).map(plain)).toEqual([`⚠ Step 1 '${STEP1}' is 20 min overdue — escalated to <@${P.alice}>`]);
    expect(resumed.dm(P.alice).filter((m) => plain(m).startsWith(`**Step 1 of ${KEY}`))).toHaveLength(1);
    expectNoStrayPings(w);
  });
});

describe('Discord: acknowledgement', { timeout: 120_000 }, () => {
  it('the summary’s Acknowledge is the lead’s alone; until pressed the deadline alerts like a step', async () => {
    const w = await openWorld('deadline_ack', { guilds: [rosterGuild()] });
    const { room, summary } = await raised(w);
    const fields = () => Object.fromEntries(summary().data.embeds.flatMap((e) => e.fields ?? []).map((f) => [f.name, unescape(f.value)]));
    expect(fields()['Overdue steps']).toBe('owners at the deadline → lead after 15 min → Executive sponsor after 30 min');
    expect(fields().Acknowledged).toBe('not yet');
    expect(ids(summary())).toEqual(expect.arrayContaining([[`incident.ack:${KEY}`, 'Acknowledge'], [`incident.update:${KEY}`, 'Post update']]));

    // The reporter is not the lead: refused, to her alone; nothing changes.
    const refused = await click(w, summary(), 'incident.ack:', IDS.alice);
    expect(refused.response.type).toBe(6);
    expect(followUps(w, refused).map((m) => [m.ephemeral, plain(m)])).toEqual([[true, `Only the incident lead (Alice Placeholder) may acknowledge ${KEY}.`]]);
    expect((await findIncident(w.db, KEY))!.ackedAt ?? null).toBeNull();

    // 10:30: the acknowledgement deadline alerts the lead like a step's.
    const due = await sweepAt(w, room, 30);
    const dm = due.dm(P.alice).filter((m) => plain(m).startsWith(`**${KEY} is not acknowledged`));
    expect(dm.map(plain)).toEqual([[
      `**${KEY} is not acknowledged**`,
      `${KEY}: Warehouse fire (level 2)`,
      `The lead was to acknowledge it by ${stamp(30)} — overdue now`,
    ].join('\n')]);
    expect(ids(dm[0]!)).toEqual([[`incident.ack:${KEY}`, 'Acknowledge']]);
    const notice = due.room.filter((m) => plain(m).includes('not acknowledged'));
    expect(notice.map(plain)).toEqual([`⚠ ${KEY} is not acknowledged yet — reminded <@${P.alice}>`]);
    expectPingsOnly(notice[0]!, [P.alice]);

    // 10:32 the lead presses Acknowledge on the summary: the room is told, the summary edited, the alerts stop.
    w.clock.set(at(32));
    const before = w.fake.state.messagesIn(room).length;
    const acked = await click(w, summary(), 'incident.ack:', P.alice);
    expect(followUps(w, acked).map(plain)).toEqual([`${KEY} acknowledged; its acknowledgement alerts stop and the war room has been told.`]);
    expect(w.fake.state.messagesIn(room).slice(before).filter((m) => !m.ephemeral).map(plain)).toEqual([`✅ ${KEY} acknowledged by alice-lead.`]);
    expect(fields().Acknowledged).toBe(`by alice-lead at ${stamp(32)}`);
    expect(ids(summary()).map(([id]) => id)).toEqual([`incident.update:${KEY}`, `incident.edit:${KEY}`, `summary.statement:${KEY}`]);
    // The DM's button now says so, and changes nothing.
    const again = await click(w, dm[0]!, 'incident.ack:');
    expect(followUps(w, again).map(plain)).toEqual([`${KEY} was already acknowledged by alice-lead; nothing changed.`]);

    expect((await sweepAt(w, room, 45)).text).not.toMatch(/acknowledge/i);
    expect((await sweepAt(w, room, 90)).text).not.toMatch(/acknowledge/i);
    expect((await alertEvents(w)).filter((e) => e.kind === 'ack').map((e) => e.notified)).toEqual([['Alice Placeholder']]);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'incident.acknowledged').map((e) => e.actor)).toEqual(['alice-lead']);
    expectNoStrayPings(w);
  });
});

describe('Discord: status updates', { timeout: 120_000 }, () => {
  it('Post update opens a modal whose text is posted as the update card; silence past the cadence nudges the room and DMs the lead', async () => {
    const w = await openWorld('deadline_update', { guilds: [rosterGuild()] });
    const { room, summary } = await raised(w);

    // 11:00, no update for the level's hour: a nudge in the room and a DM to the lead with the button.
    const nudge = await sweepAt(w, room, 60);
    const notice = nudge.room.filter((m) => plain(m).startsWith('⏰'));
    expect(notice.map(plain)).toEqual([`⏰ No status update for 1 h (due every 1 h) — reminded <@${P.alice}>. Post one with /crisis update ${KEY} <text>.`]);
    expectPingsOnly(notice[0]!, [P.alice]);
    const dm = nudge.dm(P.alice).filter((m) => plain(m).startsWith(`**Status update due`));
    expect(dm.map(plain)).toEqual([[
      `**Status update due for ${KEY}**`,
      `${KEY}: Warehouse fire (level 2)`,
      'No status update for 1 h; this level asks for one every 1 h.',
    ].join('\n')]);
    expect(ids(dm[0]!)).toEqual([[`incident.update:${KEY}`, 'Post update']]);

    // 11:10 the lead presses Post update in that DM: a one-input modal; submitting posts the card in the room.
    w.clock.set(at(70));
    const modal = modalOf(await click(w, dm[0]!, 'incident.update:'));
    expect(modal.title).toBe(`Status update for ${KEY}`);
    expect(modal.components.map((c) => [c.component.custom_id, c.component.required])).toEqual([['text', true]]);
    const before = w.fake.state.messagesIn(room).length;
    const posted = await submitModal(w, modal, { text: 'Fire contained in the north wing; 3 injured in hospital.' }, { messageId: dm[0]!.data.id });
    expect(plain(replyOf(w, posted))).toBe(`Update 1 of ${KEY} posted in the war room. Next one due by ${stamp(130)}`);
    const card = w.fake.state.messagesIn(room).slice(before).filter((m) => plain(m).startsWith('**Status update'));
    expect(card.map(plain)).toEqual([[
      `**Status update 1 — ${KEY}: Warehouse fire**`,
      'Fire contained in the north wing; 3 injured in hospital.',
      `Posted by <@${P.alice}> — ${stamp(70)} · next update due by ${stamp(130)}`,
    ].join('\n')]);
    // The card names its author as a mention, so it notifies them (the core's card; not a deadline alert).
    expectPingsOnly(card[0]!, [P.alice]);
    expect(Object.fromEntries(summary().data.embeds.flatMap((e) => e.fields ?? []).map((f) => [f.name, unescape(f.value)]))['Last status update']).toBe(`${stamp(70)} (1 so far)`);

    // The summary's button opens the same form, for anyone in the room (here the reporter, at 11:40).
    w.clock.set(at(100));
    const second = modalOf(await click(w, summary(), 'incident.update:', IDS.alice));
    const posted2 = await submitModal(w, second, { text: 'Evacuation complete.' }, { messageId: summary().data.id });
    expect(plain(replyOf(w, posted2))).toBe(`Update 2 of ${KEY} posted in the war room. Next one due by ${stamp(160)}`);

    // The cadence runs from the last update: nothing at 12:39, a nudge at 12:40.
    expect((await sweepAt(w, room, 159)).text).not.toContain('No status update');
    const again = await sweepAt(w, room, 160);
    expect(again.room.filter((m) => plain(m).startsWith('⏰')).map(plain)).toEqual([`⏰ No status update for 1 h (due every 1 h) — reminded <@${P.alice}>. Post one with /crisis update ${KEY} <text>.`]);
    const updates = (await readTimeline(w.db, KEY)).filter((e) => e.type === 'status.update');
    expect(updates.map((e) => [e.actor, (e.data as { text: string }).text])).toEqual([
      ['alice-lead', 'Fire contained in the north wing; 3 injured in hospital.'], ['alice', 'Evacuation complete.'],
    ]);
    expect((await alertEvents(w)).filter((e) => e.kind === 'update').map((e) => e.notified)).toEqual([['Alice Placeholder'], ['Alice Placeholder']]);
    expectNoStrayPings(w);
  });
});

describe('Discord: drills', { timeout: 120_000 }, () => {
  it('alert only the participants, and every message of the drill starts with [DRILL]', async () => {
    // A plan whose war room leaves the executive out: the executive rung must not page Ivan in a drill.
    const pb = await loadDefaultPlaybook();
    const playbook: Playbook = { ...pb, plans: pb.plans.map((p) => (p.id === 'safety-accident' ? { ...p, roles: p.roles.filter((r) => r !== 'executive') } : p)) };
    const w = await openWorld('deadline_drill', { guilds: [rosterGuild()], playbook });
    const { room } = await raised(w, { ...FIRE, drill: 'yes' });
    expect((await findIncident(w.db, KEY))!.drill).toBe(true);

    await sweepAt(w, room, 15);
    await sweepAt(w, room, 30);
    const r2 = await sweepAt(w, room, 45);
    expect(r2.dm(P.ivan)).toEqual([]);
    expect(w.fake.state.dmChannels.has(P.ivan)).toBe(false);
    expect(r2.room.filter((m) => plain(m).includes('Step 1')).map(plain)).toEqual([
      `[DRILL] ⚠ Step 1 '${STEP1}' is 30 min overdue — escalated to no one (drill: not alerted, not taking part: Ivan Placeholder)`,
    ]);
    const exec = (await alertEvents(w)).find((e) => e.kind === 'step' && e.n === 1 && e.rung === 2)!;
    expect([exec.notified, exec.skipped]).toEqual([[], ['Ivan Placeholder']]);

    // Every message the bot sent for the drill — in the war room and in every DM — starts with [DRILL].
    const channels = [room, ...w.fake.state.dmChannels.values()];
    // (Discord's own "pinned a message" notice, type 6, is not the bot's.)
    const messages = channels.flatMap((c) => w.fake.state.messagesIn(c)).filter((m) => !m.ephemeral && m.data.type === 0);
    expect(messages.length).toBeGreaterThan(10);
    const first = (m: FakeMessage) => unescape(m.data.content || m.data.embeds[0]?.title || '').split('\n')[0]!.replace(/^\*\*/, '');
    expect(messages.filter((m) => !first(m).startsWith('[DRILL] ')).map(first)).toEqual([]);
    expect(w.fake.state.messagesIn(dmChannel(w, P.dave)).map(first)).toContain(`[DRILL] Step 1 of ${KEY} is overdue**`);
    expect(w.fake.state.messagesIn(dmChannel(w, P.alice)).map(first)).toContain(`[DRILL] Step 1 of ${KEY} is overdue**`);
    // The war-room-ready notice the outbox sends the reporter (visible to them only) is marked too.
    expect(w.fake.state.messagesIn(IDS.general).filter((m) => m.ephemeral && plain(m).includes('the war room is ready')).map(first)).toEqual([
      expect.stringMatching(/^\[DRILL\] INC-20261128-001 is open: the war room is ready/),
    ]);
    expectNoStrayPings(w);
  });
});

describe('Discord: refused DMs', { timeout: 120_000 }, () => {
  it('a DM Discord refuses (50007) is posted in the war room addressed to the person, and the lead is told', async () => {
    const w = await openWorld('deadline_refused', { guilds: [rosterGuild([P.dave])] });
    const { room } = await raised(w);
    const r0 = await sweepAt(w, room, 15);

    // Discord answered 403 / 50007 to the DM; nothing reached Dave's DM channel.
    const refusedCalls = w.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${dmChannel(w, P.dave)}/messages`);
    expect(refusedCalls.map((c) => c.status)).toEqual(expect.arrayContaining([403]));
    expect(w.fake.state.messagesIn(dmChannel(w, P.dave))).toEqual([]);

    const reason = `DM ${P.dave}: Cannot send messages to this user (50007)`;
    const inRoom = r0.room.filter((m) => plain(m).startsWith(`**Step 1 of ${KEY} is overdue**`));
    expect(inRoom.map(plain)).toEqual([[
      `**Step 1 of ${KEY} is overdue**`,
      `<@${P.dave}> could not be reached by direct message (${reason}), so it is posted here:`,
      `${KEY}: Warehouse fire (level 2)`,
      `Step 1: ${STEP1}`,
      `Due ${stamp(15)} — overdue now`,
      `owner: Security lead — <@${P.dave}>`,
    ].join('\n')]);
    expect(ids(inRoom[0]!)).toEqual([[`step.done:${KEY}:1`, 'Done'], [`step.help:${KEY}:1`, 'Need help'], [`step.snooze:${KEY}:1`, 'Snooze 15 min']]);
    expectPingsOnly(inRoom[0]!, [P.dave]);
    // The ordinary notice still goes out too.
    expect(r0.room.map(plain)).toContain(`⚠ Step 1 '${STEP1}' is overdue — reminded <@${P.dave}>`);

    const told = r0.dm(P.alice).filter((m) => plain(m).startsWith('Could not send'));
    expect(told.map(plain)).toEqual([`Could not send Dave Placeholder a direct message about ${KEY} (${reason}); it was posted in the war room instead.`]);
    expectPingsOnly(told[0]!, []);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'dm.refused').map((e) => [(e.data as { user: string }).user, (e.data as { code: string }).code])).toEqual([['Dave Placeholder', 'dm_closed']]);

    // Dave can act on it in the room: Done there stops the ladder.
    await click(w, inRoom[0]!, 'step.done:', P.dave);
    expect((await sweepAt(w, room, 30)).text).not.toContain('Step 1');
    expectNoStrayPings(w);
  });
});
