// Issue 5 on Slack: each deadline rule through the real Bolt adapter against the fake Slack. The
// harness's test clock is moved, the sweep runs, the adapter's outbox dispatcher delivers, and the
// tests read what Slack received: DMs (conversations.open + chat.postMessage into the IM), war-room
// notices, the buttons on them, and what clicking those buttons as each person does.
import { describe, expect, it } from 'vitest';
import type { Playbook } from '../../../src/playbook/schema.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { about, alerts, ALICE, BOB, buttonsOf, CAROL, click, DAVE, dmsTo, inRoom, IVAN, labels, raised, slackTime, STEP1, summary, sweepAt, type View } from './deadline-world.ts';
import { KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

describe('overdue steps on Slack', () => {
  it('DM the owner at the deadline with Done / Need help / Snooze 15 min, then the lead, then the executive; each rung a war-room notice and a timeline event', async () => {
    const { h, room, at } = await raised(harness);
    expect(await sweepAt(h, at(14))).toEqual([]);

    // Rung 0, 10:15: Dave (security, owner of step 1) in his DM, and a notice in the war room.
    const r0 = await sweepAt(h, at(15));
    expect(r0.map((m) => m.to ?? m.channel).sort()).toEqual([DAVE, room].sort());
    const [dm] = dmsTo(r0, DAVE);
    expect(h.fake.channels.get(dm!.channel)).toMatchObject({ is_im: true, user: DAVE });
    expect(h.fake.callsTo('conversations.open').filter((c) => c.args.users === DAVE)).toMatchObject([{ ok: true }]);
    expect(dm!.text).toBe(`Step 1 of ${KEY} is overdue`);
    const body = shown(dm!.blocks);
    expect(body).toContain(`🚨 Step 1 of ${KEY} is overdue`);
    expect(body).toContain(`${KEY}: Warehouse fire, building 3 (level 2)`);
    expect(body).toContain(`Step 1: ${STEP1}`);
    expect(body).toContain(`Due ${slackTime(at(15))}`);
    expect(body).toContain('— overdue now');
    expect(body).toContain(`owner: Security lead — <@${DAVE}>`);
    expect(labels(dm!)).toEqual(['Done', 'Need help', 'Snooze 15 min']);
    expect(buttonsOf(dm!.blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['step.done:1', `${KEY}:1`],
      ['step.help:2', `${KEY}:1`],
      ['step.snooze:3', `${KEY}:1`],
    ]);
    const [notice0] = inRoom(r0, room);
    expect(notice0!.text).toBe(`⚠ Step 1 '${STEP1}' is overdue — reminded @Dave Placeholder`);
    // The notice's own ⚠ is its symbol: the warning tone adds no second one.
    expect(shown(notice0!.blocks)).toBe(`⚠ Step 1 '${STEP1}' is overdue — reminded <@${DAVE}>`);

    // Rung 1, 10:30: the lead. (Step 2's owner and the acknowledgement fall due at the same time.)
    const r1 = await sweepAt(h, at(30));
    const lead = about(dmsTo(r1, ALICE), `Step 1 of ${KEY}`);
    expect(lead).toHaveLength(1);
    expect(shown(lead[0]!.blocks)).toContain('15 min overdue');
    expect(shown(lead[0]!.blocks)).toContain('You hear about it as lead: rung 2 of 3 of the escalation ladder.');
    expect(labels(lead[0]!)).toEqual(['Done', 'Snooze 15 min']);
    expect(about(inRoom(r1, room), 'Step 1').map((m) => m.text)).toEqual([`⚠ Step 1 '${STEP1}' is 15 min overdue — escalated to @Alice Placeholder`]);
    expect(about(dmsTo(r1, DAVE), 'Step 1')).toEqual([]);
    expect(about(dmsTo(r1, BOB), `Step 2 of ${KEY}`)).toHaveLength(1);

    // Rung 2, 10:45: the executive (roster role `executive`).
    const r2 = await sweepAt(h, at(45));
    const exec = about(dmsTo(r2, IVAN), `Step 1 of ${KEY}`);
    expect(exec).toHaveLength(1);
    expect(shown(exec[0]!.blocks)).toContain('You hear about it as Executive sponsor: rung 3 of 3 of the escalation ladder.');
    expect(about(inRoom(r2, room), 'Step 1').map((m) => shown(m.blocks))).toEqual([expect.stringContaining(`is 30 min overdue — escalated to <@${IVAN}>`)]);

    // Three rungs: nothing more about step 1, ever.
    expect(about(await sweepAt(h, at(180)), 'Step 1')).toEqual([]);
    const step1 = (await alerts(h)).filter((e) => e.kind === 'step' && e.n === 1);
    expect(step1.map((e) => [e.rung, e.notified])).toEqual([
      [0, ['Dave Placeholder']],
      [1, ['Alice Placeholder']],
      [2, ['Ivan Placeholder']],
    ]);
  });

  it('Done in the DM stops the ladder; Need help in the DM pings the lead at once', async () => {
    const { h, room, at } = await raised(harness);
    const [dm] = dmsTo(await sweepAt(h, at(15)), DAVE);

    h.clock.set(at(16));
    const help = await click(h, dm!, 'step.help', DAVE);
    expect(help.replies).toMatchObject([{ response_type: 'ephemeral' }]);
    expect(help.said).toContain(`The lead (Alice Placeholder) has been asked to help with step 1 of ${KEY}.`);
    const asked = dmsTo(help.sent, ALICE);
    expect(asked.map((m) => m.text)).toEqual([`Dave Placeholder needs help with step 1 of ${KEY}`]);
    expect(shown(asked[0]!.blocks)).toContain(`Asked by <@${DAVE}>`);
    expect(inRoom(help.sent, room).map((m) => m.text)).toEqual([`🆘 Dave Placeholder asked for help with step 1 '${STEP1}' — notified @Alice Placeholder`]);
    expect((await h.timeline()).filter((e) => e.type === 'step.help')).toHaveLength(1);

    const done = await click(h, dm!, 'step.done', DAVE);
    expect(done.said).toContain(`Step 1 of ${KEY} done: ${STEP1}`);
    const checklist = (await h.incident())!.checklistMessages![0]!;
    expect(shown(h.fake.state.findMessage(checklist.room!, checklist.id!)!.blocks)).toMatch(/☑ 1\. .+ done by Dave Placeholder/);

    // The next sweeps say nothing more about step 1; other deadlines still bite.
    const later = await sweepAt(h, at(46));
    expect(about(later, 'Step 1')).toEqual([]);
    expect(about(later, 'Step 2').length).toBeGreaterThan(0);
    expect((await alerts(h)).filter((e) => e.kind === 'step' && e.n === 1)).toHaveLength(1);
  });

  it('Snooze 15 min in the DM holds the step’s alerts until 15 minutes later', async () => {
    const { h, room, at } = await raised(harness);
    const [dm] = dmsTo(await sweepAt(h, at(15)), DAVE);
    h.clock.set(at(20));
    const snoozed = await click(h, dm!, 'step.snooze', DAVE);
    expect(snoozed.said).toContain(`Alerts for step 1 of ${KEY} snoozed for 15 min, until ${slackTime(at(35))}`);
    const notice = inRoom(snoozed.sent, room);
    expect(notice.map((m) => m.text)).toEqual([expect.stringMatching(new RegExp(`^💤 Dave Placeholder snoozed the alerts of step 1 '${STEP1}' until `))]);
    expect(shown(notice[0]!.blocks)).toContain(slackTime(at(35)));

    expect(about(await sweepAt(h, at(34)), 'Step 1')).toEqual([]);
    const after = await sweepAt(h, at(35));
    expect(about(dmsTo(after, ALICE), `Step 1 of ${KEY}`)).toHaveLength(1);
    expect(about(inRoom(after, room), 'Step 1').map((m) => m.text)).toEqual([`⚠ Step 1 '${STEP1}' is 20 min overdue — escalated to @Alice Placeholder`]);
  });
});

describe('acknowledgement on Slack', () => {
  it('only the lead may press Acknowledge (others are told privately); until then the deadline alerts like a step', async () => {
    const { h, room, at } = await raised(harness);
    const card = await summary(h);
    expect(card.channel).toBe(room);
    expect(shown(card.blocks)).toContain('*Acknowledged*\nnot yet');
    expect(labels(card)).toEqual(['Acknowledge', 'Post update', 'Correct details', 'Draft statement']);

    const refused = await click(h, card, 'incident.ack', CAROL);
    expect(refused.replies).toMatchObject([{ response_type: 'ephemeral' }]);
    expect(refused.said).toContain(`Only the incident lead (Alice Placeholder) may acknowledge ${KEY}.`);
    expect(refused.sent).toEqual([]);
    expect((await h.incident())!.ackedAt).toBeUndefined();

    // 10:30: not acknowledged — the lead hears in a DM with the Acknowledge button, the room is told.
    const due = await sweepAt(h, at(30));
    const ackDm = about(dmsTo(due, ALICE), `${KEY} is not acknowledged`);
    expect(ackDm).toHaveLength(1);
    expect(shown(ackDm[0]!.blocks)).toContain(`The lead was to acknowledge it by ${slackTime(at(30))}`);
    expect(labels(ackDm[0]!)).toEqual(['Acknowledge']);
    expect(about(inRoom(due, room), 'not acknowledged').map((m) => m.text)).toEqual([`⚠ ${KEY} is not acknowledged yet — reminded @Alice Placeholder`]);

    // 10:32: Alice acknowledges from her DM.
    h.clock.set(at(32));
    const acked = await click(h, ackDm[0]!, 'incident.ack', ALICE);
    expect(acked.said).toContain(`${KEY} acknowledged; its acknowledgement alerts stop and the war room has been told.`);
    expect(inRoom(acked.sent, room).map((m) => [m.text, shown(m.blocks)])).toEqual([[`✅ ${KEY} acknowledged by Alice Placeholder.`, `✅ ${KEY} acknowledged by Alice Placeholder.`]]);
    const redrawn = await summary(h);
    expect(redrawn.ts).toBe(card.ts);
    expect(shown(redrawn.blocks)).toContain(`*Acknowledged*\nby Alice Placeholder at ${slackTime(at(32))}`);
    expect(labels(redrawn)).toEqual(['Post update', 'Correct details', 'Draft statement']);

    // The ladder stops: no acknowledgement alert at 10:45 (rung 2) or later.
    expect(about(await sweepAt(h, at(90)), 'acknowledge')).toEqual([]);
    expect((await alerts(h)).filter((e) => e.kind === 'ack')).toHaveLength(1);
  });
});

describe('status updates on Slack', () => {
  it('a nudge in the room and a DM to the lead past the cadence; Post update opens a modal whose submission posts the update card', async () => {
    const { h, room, at } = await raised(harness);

    // 11:00: an hour without an update.
    const nudge = await sweepAt(h, at(60));
    expect(about(inRoom(nudge, room), 'No status update').map((m) => m.text)).toEqual([
      `⏰ No status update for 1 h (due every 1 h) — reminded @Alice Placeholder. Post one with /crisis update ${KEY} &lt;text&gt;.`,
    ]);
    const dm = about(dmsTo(nudge, ALICE), `Status update due for ${KEY}`);
    expect(dm).toHaveLength(1);
    expect(shown(dm[0]!.blocks)).toContain('No status update for 1 h; this level asks for one every 1 h.');
    expect(labels(dm[0]!)).toEqual(['Post update']);

    // 11:10: Alice presses Post update in the DM: a one-field modal.
    h.clock.set(at(70));
    const pressed = await click(h, dm[0]!, 'incident.update', ALICE);
    expect(pressed.open).toMatchObject([{ ok: true }]);
    expect(pressed.view!.title.text).toBe('Status update for INC-2…');
    expect(pressed.view!.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['text']);
    const reply = await h.submit({ text: 'Fire contained in the north wing; 3 injured in hospital.' }, ALICE);
    await h.settled();
    expect(shown((reply.body as { view: View }).view.blocks)).toContain(`Update 1 of ${KEY} posted in the war room. Next one due by ${slackTime(at(130))}`);
    const update = h.messages(room).find((m) => m.text === `Status update 1 — ${KEY}: Warehouse fire, building 3`)!;
    expect(update).toBeDefined();
    expect(shown(update.blocks)).toContain('Fire contained in the north wing; 3 injured in hospital.');
    expect(shown(update.blocks)).toContain(`Posted by <@${ALICE}>`);
    expect(shown((await summary(h)).blocks)).toContain(`*Last status update*\n${slackTime(at(70))}`);
    expect((await h.timeline()).filter((e) => e.type === 'status.update').map((e) => (e.data as { text: string }).text)).toEqual([
      'Fire contained in the north wing; 3 injured in hospital.',
    ]);

    // The cadence restarts from the update: nothing at 12:09, a nudge at 12:10.
    expect(about(await sweepAt(h, at(129)), 'No status update')).toEqual([]);
    expect(about(inRoom(await sweepAt(h, at(130)), room), 'No status update')).toHaveLength(1);

    // The summary's Post update button opens the same modal, for anyone in the room.
    const fromSummary = await click(h, await summary(h), 'incident.update', CAROL);
    expect(fromSummary.open).toMatchObject([{ ok: true }]);
    expect(fromSummary.view!.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['text']);
  });
});

describe('drills on Slack', () => {
  it('alert only the participants, and every message starts with [DRILL]', async () => {
    // A plan whose war room leaves the executive out: the executive rung must not page them in a drill.
    const pb = await loadDefaultPlaybook();
    const playbook: Playbook = { ...pb, plans: pb.plans.map((p) => (p.id === 'safety-accident' ? { ...p, roles: p.roles.filter((r) => r !== 'executive') } : p)) };
    const { h, room, at } = await raised(harness, { playbook, drill: true });
    expect((await h.incident())!.drill).toBe(true);

    const sent = [...(await sweepAt(h, at(15))), ...(await sweepAt(h, at(30))), ...(await sweepAt(h, at(45)))];
    expect(dmsTo(sent, DAVE).length).toBeGreaterThan(0);
    expect(dmsTo(sent, IVAN)).toEqual([]);
    expect([...h.fake.channels.values()].some((c) => c.is_im && c.user === IVAN)).toBe(false);
    expect(about(inRoom(sent, room), 'Step 1').map((m) => m.text)).toEqual([
      `[DRILL] ⚠ Step 1 '${STEP1}' is overdue — reminded @Dave Placeholder`,
      `[DRILL] ⚠ Step 1 '${STEP1}' is 15 min overdue — escalated to @Alice Placeholder`,
      `[DRILL] ⚠ Step 1 '${STEP1}' is 30 min overdue — escalated to no one (drill: not alerted, not taking part: Ivan Placeholder)`,
    ]);
    expect(shown(about(inRoom(sent, room), 'Step 1')[0]!.blocks)).toBe(`[DRILL] ⚠ Step 1 '${STEP1}' is overdue — reminded <@${DAVE}>`);
    const exec = (await alerts(h)).find((e) => e.kind === 'step' && e.n === 1 && e.rung === 2)!;
    expect([exec.notified, exec.skipped]).toEqual([[], ['Ivan Placeholder']]);

    // Everything the bot posted for this drill — war room, DMs — starts with the marker: the
    // notification text, and the first line shown (after a card header's tone symbol).
    const everything = [...h.fake.messages.values()].flat();
    expect(everything.length).toBeGreaterThan(10);
    for (const m of everything) {
      expect(m.text).toMatch(/^\[DRILL\] /);
      expect(shown(m.blocks).split('\n')[0]).toMatch(/^((🚨|⚠️|✅|ℹ️) )?\[DRILL\] /);
    }
    // The reporter's private "the war room is ready" too.
    expect(h.fake.ephemerals.length).toBeGreaterThan(0);
    for (const e of h.fake.ephemerals) expect(e.text).toMatch(/^\[DRILL\] /);
  });
});

describe('refused DMs on Slack', () => {
  it('a DM Slack refuses (a deactivated account) is posted in the war room addressed to the person, and the lead is told', async () => {
    const { h, room, at } = await raised(harness, { deactivated: [DAVE] });
    const out = await sweepAt(h, at(15));
    expect(h.fake.callsTo('conversations.open').filter((c) => c.args.users === DAVE)).toMatchObject([{ ok: false, error: 'user_disabled' }]);
    expect(dmsTo(out, DAVE)).toEqual([]);

    const posted = about(inRoom(out, room), `Step 1 of ${KEY} is overdue`);
    expect(posted).toHaveLength(1);
    const text = shown(posted[0]!.blocks);
    expect(text).toContain(`<@${DAVE}> could not be reached by direct message (Slack refused conversations.open: user_disabled.), so it is posted here:`);
    expect(text).toContain(`Step 1: ${STEP1}`);
    expect(labels(posted[0]!)).toEqual(['Done', 'Need help', 'Snooze 15 min']);
    expect(about(inRoom(out, room), 'is overdue — reminded')).toHaveLength(1);

    const told = dmsTo(out, ALICE);
    expect(told.map((m) => m.text)).toEqual([
      `Could not send Dave Placeholder a direct message about ${KEY} (Slack refused conversations.open: user_disabled.); it was posted in the war room instead.`,
    ]);
    expect((await h.timeline()).filter((e) => e.type === 'dm.refused').map((e) => e.data)).toMatchObject([{ user: 'Dave Placeholder', id: DAVE, code: 'user_disabled' }]);
  });
});
