import { describe, expect, it } from 'vitest';
import { submitForm } from '../../../commands/index.ts';
import { assessInviteDm } from '../../../src/assessment/messaging.ts';
import { t, type MessageKey } from '../../../src/i18n/index.ts';
import { findDraft } from '../../../src/store/drafts.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { findStep } from '../../../src/store/steps.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { defaultGuildSeed, IDS, type FakeMessage, type GuildSeed } from '../../fakes/discord/index.ts';
import {
  buttonOn, buttonsOf, fillPages, interact, messageBodies, modalOf, raiseIncident, replyOf, shownValues, submitModal, textOf, unescape, useWorlds,
  type Answered, type As, type World,
} from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const L = (k: MessageKey, p?: Record<string, string | number>) => t('en', k, p);
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const at = (local: string) => new Date(local.replace(' ', 'T'));
const stamp = (local: string) => `<t:${epoch(at(local))}:F> (<t:${epoch(at(local))}:R>)`;

/** Roster people (playbooks/roster.yml) by their Discord ids; in the test guild they go by these usernames. */
const P = {
  alice: '100000000000000001', bob: '100000000000000002', carol: '100000000000000003',
  erin: '100000000000000005', frank: '100000000000000006', heidi: '100000000000000008',
} as const;
const NAMES = { alice: 'alice-lead', bob: 'bob-monitoring', carol: 'carol-comms', erin: 'erin-expert', frank: 'frank-finance', heidi: 'heidi-legal' } as const;

/** The default fake guild (its owner raises) plus the roster's people, so the plan's assessment team is real. */
function assessmentGuild(): GuildSeed {
  const seed = defaultGuildSeed();
  return { ...seed, members: [...seed.members!, ...(Object.keys(P) as (keyof typeof P)[]).map((k) => ({ id: P[k], username: NAMES[k] }))] };
}

const FIRE = { title: 'Warehouse fire', type: 'safety-accident', people_affected: '12' };
const FACT1 = { what: 'Roof of building 3 collapsed', when: '2026-11-28 09:40', where: 'Building 3', people: 'two workers', source: 'on-site', confidence: 'high' };
const FACT2 = { what: 'A second fire started in building 4', cause: 'sparks from the roof', source: 'media', confidence: 'low' };
const IMPACT = {
  operations_score: '3', operations_note: 'line stopped', finance_score: '2', reputation_score: '4', reputation_note: 'national press', personnel_score: '1',
  direct_loss: '1200000', indirect_loss: '500000', indirect_notes: 'customer churn', people_affected: '150', casualties: '0', regions: '1',
  media_attention: 'national', operations_disrupted: 'partial',
};

const dmChannel = (w: World, user: string) => w.fake.state.dmChannels.get(user) ?? '';
const dmMessages = (w: World, user: string): FakeMessage[] => w.fake.state.messagesIn(dmChannel(w, user));
const followUps = (w: World, a: Answered): FakeMessage[] => (w.fake.state.interactions.get(a.id)?.followupIds ?? []).map((id) => w.fake.state.message(id)!);
const plain = (m: FakeMessage) => unescape(textOf(m));
const ids = (m: FakeMessage) => buttonsOf(m).map((b) => b.custom_id);
/** What a page shows filled in: typed text, and the option chosen in each select. */
const values = shownValues;
/** The room's messages whose text starts with `prefix` (after Discord's escapes are removed). */
const posted = (w: World, room: string, prefix: string) => w.fake.state.messagesIn(room).filter((m) => !m.ephemeral && plain(m).replace(/^\*\*|^\n/g, '').startsWith(prefix));

/** Clicks a button that opens a form, fills every page through the modals and submits the last one. */
async function fillForm(w: World, message: FakeMessage, button: string, typed: Record<string, string>, as: As): Promise<Answered> {
  const first = modalOf(await interact(w, { kind: 'button', messageId: message.data.id, customId: buttonOn(message, button).custom_id, ...as }));
  const last = await fillPages(w, first, typed, as, message.data.id);
  return submitModal(w, last.modal, typed, { ...as, messageId: last.messageId ?? message.data.id });
}

async function click(w: World, message: FakeMessage, button: string, as: As): Promise<Answered> {
  return interact(w, { kind: 'button', messageId: message.data.id, customId: buttonOn(message, button).custom_id, ...as });
}

async function raised(w: World, key: string) {
  const incident = (await findIncident(w.db, key))!;
  const room = incident.room!.id;
  return { incident, room, sheet: () => w.fake.state.message(incident.assessmentMessage!.id)! };
}

describe('Discord: the assessment, by different people, with the real discord.js client', { timeout: 180_000 }, () => {
  it('facts added from a DM and from the fact sheet, verified by another person, disputed, impact scored, level changed by the lead', async () => {
    const w = await openWorld('assess_flow', { guilds: [assessmentGuild()] });
    await raiseIncident(w, FIRE);
    const { incident, room, sheet } = await raised(w, KEY);
    expect(incident.level).toBe(2);

    // The fact sheet in the war room: the team (pinged: the card names them on purpose), the deadline, the two buttons.
    const sheetId = sheet().data.id;
    expect(sheet().channelId).toBe(room);
    expect(plain(sheet())).toBe([
      `**${L('assess.title', { key: KEY })}**`,
      `Assessment team: <@${P.heidi}> (Legal counsel), <@${P.erin}> (Crisis management expert), <@${P.frank}> (Financial analyst)`,
      `First assessment due by ${stamp('2026-11-28 11:00')}`,
      '**Facts (✓ verified, ? unverified, ! disputed)**',
      'No facts yet: press Add fact.',
      '**Impact**',
      'Not assessed yet: press Assess impact.',
    ].join('\n'));
    expect(sheet().pings.users.sort()).toEqual([P.erin, P.frank, P.heidi].sort());
    expect(buttonsOf(sheet()).map((b) => [b.custom_id, b.label])).toEqual([[`assess.fact:${KEY}`, 'Add fact'], [`assess.impact:${KEY}`, 'Assess impact']]);

    // Each of the three team members got a DM, as the fake received it, with both buttons; nobody else did.
    for (const who of [P.erin, P.frank, P.heidi]) {
      const sent = messageBodies(w).filter((b) => b.path === `/channels/${dmChannel(w, who)}/messages`);
      expect(sent).toHaveLength(1);
      expect(unescape(String(sent[0]!.body.content))).toBe([
        `**You are on the assessment team for ${KEY}: Warehouse fire**`,
        `Gather and verify the facts and assess the impact (Level 2 — Serious). First assessment due by ${stamp('2026-11-28 11:00')}`,
        `War room: <#${room}>`,
      ].join('\n'));
      expect(sent[0]!.body.components).toEqual([{ type: 1, components: [
        { type: 2, custom_id: `assess.fact:${KEY}`, label: 'Add fact', style: 1 },
        { type: 2, custom_id: `assess.impact:${KEY}`, label: 'Assess impact', style: 2 },
      ] }]);
    }
    for (const who of [P.alice, P.bob, P.carol, IDS.alice]) expect(dmMessages(w, who).filter((m) => plain(m).includes('assessment team'))).toEqual([]);

    // Erin adds F1 from her DM: Add fact opens a modal there, 5 inputs then 2, the Continue button in between.
    const dm = dmMessages(w, P.erin)[0]!;
    const page1 = modalOf(await click(w, dm, 'assess.fact:', {}));
    expect(page1.title).toBe(`Add a fact to ${KEY} (1/2)`);
    expect(page1.components.map((c) => [c.component.custom_id, c.component.required, c.component.max_length])).toEqual([
      ['what', true, 1000], ['when', false, 4000], ['where', false, 200], ['cause', false, 1000], ['people', false, 500],
    ]);
    const saved = replyOf(w, await submitModal(w, page1, FACT1, { messageId: dm.data.id }));
    expect([saved.channelId, saved.ephemeral]).toEqual([dmChannel(w, P.erin), true]);
    const page2 = modalOf(await click(w, saved, 'crisis.page:', {}));
    // Source and confidence are chosen from string selects (in Labels), not typed: both required, nothing chosen yet.
    expect(page2.components.map((c) => [c.type, c.component.custom_id, c.component.type, c.component.required, c.component.min_values, c.component.options!.map((o) => [o.label, o.value, o.default ?? false])])).toEqual([
      [18, 'source', 3, true, 1, [['On-site investigation', 'on-site', false], ['Interview', 'interview', false], ['Data analysis', 'data', false], ['Media report', 'media', false], ['Other', 'other', false]]],
      [18, 'confidence', 3, true, 1, [['low confidence', 'low', false], ['medium confidence', 'medium', false], ['high confidence', 'high', false]]],
    ]);
    // A required select left empty, or text where a choice belongs, is not something Discord's client sends.
    expect(() => w.fake.dispatchInteraction({ kind: 'modal', customId: page2.custom_id, fields: { source: [], confidence: ['high'] }, messageId: saved.data.id })).toThrow(/select source is required/);
    expect(() => w.fake.dispatchInteraction({ kind: 'modal', customId: page2.custom_id, fields: { source: 'on-site', confidence: ['high'] }, messageId: saved.data.id })).toThrow(/input source is a select/);
    // Erin picks the options by the labels she sees; the submit carries their values.
    const submitted2 = await submitModal(w, page2, { source: 'On-site investigation', confidence: 'high confidence' }, { messageId: saved.data.id });
    expect(submitted2.payload).toMatchObject({ data: { components: [
      { type: 18, component: { type: 3, custom_id: 'source', values: ['on-site'] } }, { type: 18, component: { type: 3, custom_id: 'confidence', values: ['high'] } },
    ] } });
    const added1 = replyOf(w, submitted2);
    expect(plain(added1)).toBe(L('fact.done.added', { id: 'F1', key: KEY }));
    const card1 = posted(w, room, 'Fact F1 added by erin-expert')[0]!;
    expect(ids(card1)).toEqual([`fact.verify:${KEY}:F1`, `fact.dispute:${KEY}:F1`, `fact.correct:${KEY}:F1`]);
    expect(buttonsOf(card1).map((b) => b.label)).toEqual(['Verify', 'Dispute', 'Correct']);

    // Frank adds F2 from the fact sheet in the war room.
    const added2 = await fillForm(w, sheet(), 'assess.fact:', FACT2, { userId: P.frank });
    expect(plain(replyOf(w, added2))).toBe(L('fact.done.added', { id: 'F2', key: KEY }));
    const card2 = posted(w, room, 'Fact F2 added by frank-finance')[0]!;

    // Erin's own Verify is refused, to her alone; the card is left as it is. Frank's counts.
    const own = await click(w, card1, 'fact.verify:', { userId: P.erin });
    expect(own.response.type).toBe(6);
    expect(followUps(w, own).map((m) => [m.ephemeral, plain(m)])).toEqual([[true, L('err.ownFact', { id: 'F1', key: KEY })]]);
    expect((await findIncident(w.db, KEY))!.facts![0]!.status).toBe('unverified');
    const verified = await click(w, card1, 'fact.verify:', { userId: P.frank });
    expect(followUps(w, verified).map((m) => [m.ephemeral, plain(m)])).toEqual([[true, L('fact.done.verified', { id: 'F1', key: KEY })]]);

    // Heidi disputes F2: the button opens a one-input modal for the note.
    const disputeModal = modalOf(await click(w, card2, 'fact.dispute:', { userId: P.heidi }));
    expect(disputeModal).toMatchObject({ title: `Dispute F2 of ${KEY}`, components: [{ label: 'Why it is disputed', component: { custom_id: 'note', required: true, style: 2 } }] });
    const disputed = await submitModal(w, disputeModal, { note: 'The fire brigade saw no fire in building 4' }, { userId: P.heidi, messageId: card2.data.id });
    expect(plain(replyOf(w, disputed))).toBe(L('fact.done.disputed', { id: 'F2', key: KEY }));

    // /crisis assess typed in the war room (no key) shows the fact sheet, to the one who typed it.
    const assess = replyOf(w, await interact(w, { kind: 'slash', subcommand: 'assess', channelId: room, userId: P.bob }));
    expect(assess.ephemeral).toBe(true);
    expect(plain(assess)).toContain(`**${L('assess.title', { key: KEY })}**`);
    expect(plain(assess)).toContain(`✓ F1 Roof of building 3 collapsed — ${stamp('2026-11-28 09:40')} — Building 3 — On-site investigation, high confidence — verified by frank-finance`);
    expect(ids(assess)).toEqual([`assess.fact:${KEY}`, `assess.impact:${KEY}`]);

    // Frank assesses the impact through four pages from the fact sheet.
    const impactPage1 = modalOf(await click(w, sheet(), 'assess.impact:', { userId: P.frank }));
    expect(impactPage1.title).toBe(`Assess the impact of ${KEY} (1/4)`);
    const impactLast = await fillPages(w, impactPage1, IMPACT, { userId: P.frank }, sheetId);
    expect(impactLast.modal.title).toBe(`Assess the impact of ${KEY} (4/4)`);
    expect(impactLast.modal.components.map((c) => c.component.custom_id)).toEqual(['media_attention', 'operations_disrupted']);
    const impact = replyOf(w, await submitModal(w, impactLast.modal, IMPACT, { userId: P.frank, messageId: impactLast.messageId }));
    expect(plain(impact)).toBe([
      L('impact.done', { n: 1, key: KEY }),
      L('impact.regrade', { level: 1, current: 2, reasons: 'people affected 150 ≥ 100', key: KEY }),
    ].join('\n'));

    // The fact sheet is the same message, edited in place: marks, the latest impact, the suggestion and its buttons.
    expect(posted(w, room, L('assess.title', { key: KEY }))).toHaveLength(1);
    expect(w.fake.callsTo('PATCH', `/channels/${room}/messages/${sheetId}`).length).toBeGreaterThanOrEqual(5);
    const lines = plain(sheet()).split('\n');
    expect(lines).toContain(`✓ F1 Roof of building 3 collapsed — ${stamp('2026-11-28 09:40')} — Building 3 — On-site investigation, high confidence — verified by frank-finance`);
    expect(lines).toContain('! F2 A second fire started in building 4 — cause: sparks from the roof — Media report, low confidence — disputed by heidi-legal: The fire brigade saw no fire in building 4');
    expect(lines).toContain(`Assessment 1 by frank-finance, ${stamp('2026-11-28 10:00')}`);
    expect(lines).toContain('Operations 3/5 (line stopped) · Finance 2/5 · Reputation 4/5 (national press) · Personnel 1/5');
    expect(lines).toContain('direct loss 1,200,000 CNY · indirect loss ≈ 500,000 CNY (customer churn)');
    expect(lines).toContain('The criteria now point at level 1 (now level 2): people affected 150 ≥ 100.');
    expect(buttonsOf(sheet()).map((b) => [b.custom_id, b.label])).toEqual([
      [`level.change:${KEY}:1`, 'Change to level 1'], [`level.keep:${KEY}:1`, 'Keep level 2'], [`assess.fact:${KEY}`, 'Add fact'], [`assess.impact:${KEY}`, 'Assess impact'],
    ]);

    // Carol may not change the level: refused to her alone, no form. The lead gets the reason modal.
    const lead = (await findIncident(w.db, KEY))!.lead!;
    expect(lead.id).toBe(P.alice);
    const refused = await click(w, sheet(), 'level.change:', { userId: P.carol });
    expect(refused.response.type).toBe(6);
    expect(followUps(w, refused).map((m) => [m.ephemeral, plain(m)])).toEqual([[true, L('err.notLevelChanger', { key: KEY, allowed: `${lead.name}, Crisis management expert` })]]);
    const step2Before = (await findStep(w.db, KEY, 2))!;
    const summaryEdits = w.fake.callsTo('PATCH', `/channels/${room}/messages/${incident.summaryMessage!.id}`).length;
    const checklistId = incident.checklistMessages![0]!.id;
    const checklistEdits = w.fake.callsTo('PATCH', `/channels/${room}/messages/${checklistId}`).length;

    const reasonModal = modalOf(await click(w, sheet(), 'level.change:', { userId: P.alice }));
    expect(reasonModal).toMatchObject({ title: `Change ${KEY} to level 1`, components: [{ label: 'Reason for the change', component: { custom_id: 'reason', required: true } }] });
    const changed = await submitModal(w, reasonModal, { reason: 'More than 100 people affected' }, { userId: P.alice, messageId: sheetId });
    expect(plain(replyOf(w, changed))).toBe(L('level.done', { key: KEY, level: 1, retimed: 14 }));

    // The room is told; the summary and the checklist are edited in place with the new deadlines; the suggestion is gone.
    const notice = posted(w, room, `${KEY}: level 2 → level 1`);
    expect(notice.map(plain)).toEqual([
      `**${KEY}: level 2 → level 1**\nalice-lead changed the level to Level 1 — Extremely serious — More than 100 people affected. 14 open steps now have the new level's deadlines.`,
    ]);
    expect(w.fake.callsTo('PATCH', `/channels/${room}/messages/${incident.summaryMessage!.id}`).length).toBeGreaterThan(summaryEdits);
    expect(plain(w.fake.state.message(incident.summaryMessage!.id)!)).toContain('Level 1 — Extremely serious');
    expect(w.fake.callsTo('PATCH', `/channels/${room}/messages/${checklistId}`).length).toBeGreaterThan(checklistEdits);
    const checklist = plain(w.fake.state.message(checklistId)!);
    expect(checklist).toContain(`☐ 2. Verify the report: time, place, cause so far, people involved — owner: Monitoring group leader — due ${stamp('2026-11-28 10:15')}`);
    expect(ids(sheet())).toEqual([`assess.fact:${KEY}`, `assess.impact:${KEY}`]);
    expect(plain(sheet())).not.toContain('The criteria now point');

    // Erin corrects F1: the modal opens with the current version filled in; she adds the cause.
    const correct1 = modalOf(await click(w, card1, 'fact.correct:', { userId: P.erin }));
    expect(correct1.title).toBe(`Correct F1 of ${KEY} (1/2)`);
    expect(values(correct1)).toEqual({ what: FACT1.what, when: FACT1.when, where: FACT1.where, cause: '', people: FACT1.people });
    const correctLast = await fillPages(w, correct1, { cause: 'gas leak' }, { userId: P.erin }, card1.data.id);
    // The current version's source and confidence are the options shown chosen; submitted unchanged, they are kept.
    expect(values(correctLast.modal)).toEqual({ source: 'on-site', confidence: 'high' });
    expect(correctLast.modal.components.map((c) => c.component.options!.filter((o) => o.default).map((o) => o.label))).toEqual([['On-site investigation'], ['high confidence']]);
    const corrected = await submitModal(w, correctLast.modal, {}, { userId: P.erin, messageId: correctLast.messageId });
    expect(plain(replyOf(w, corrected))).toBe(L('fact.done.corrected', { id: 'F1', v: 2, key: KEY }));
    expect(plain(sheet())).toContain(`? F1 (v2) Roof of building 3 collapsed — ${stamp('2026-11-28 09:40')} — Building 3 · cause: gas leak — On-site investigation, high confidence — unverified (added by erin-expert)`);

    // The store.
    const after = (await findIncident(w.db, KEY))!;
    expect(after.level).toBe(1);
    expect(after.regrade ?? null).toBeNull();
    expect(after.levelChange).toMatchObject({ from: 2, reason: 'More than 100 people affected', by: { id: P.alice, name: 'alice-lead' } });
    expect(after.facts!.map((f) => [f.id, f.v, f.status, f.author.id, f.verifiedBy?.id ?? f.disputedBy?.id, f.source, f.confidence])).toEqual([
      ['F1', 1, 'verified', P.erin, P.frank, 'on-site', 'high'],
      ['F2', 1, 'disputed', P.frank, P.heidi, 'media', 'low'],
      ['F1', 2, 'unverified', P.erin, undefined, 'on-site', 'high'],
    ]);
    expect(after.impacts).toHaveLength(1);
    expect(after.impacts![0]).toMatchObject({
      n: 1, by: { id: P.frank }, scores: { operations: { score: 3, note: 'line stopped' }, personnel: { score: 1 } },
      directLoss: { amount: 1_200_000, currency: 'CNY' }, indirectLoss: { estimate: 500_000, notes: 'customer churn' },
      criteria: { people_affected: 150, casualties: 0, regions: 1, media_attention: 'national', operations_disrupted: 'partial' },
    });
    const step2 = (await findStep(w.db, KEY, 2))!;
    expect(step2.dueAt).toEqual(at('2026-11-28 10:15'));
    expect(step2.version).toBe(step2Before.version + 1);
    const events = await readTimeline(w.db, KEY);
    expect(events.map((e) => e.type).filter((x) => /^(fact|impact|level)\./.test(x))).toEqual([
      'fact.added', 'fact.added', 'fact.verified', 'fact.disputed', 'impact.assessed', 'level.suggested', 'level.changed', 'fact.corrected',
    ]);
    expect(events.find((e) => e.type === 'level.changed')).toMatchObject({ actor: 'alice-lead', data: { from: 2, to: 1, reason: 'More than 100 people affected', retimed: 14 } });
    expect(await w.db.m.Draft.countDocuments()).toBe(0);
  });
});

describe('Discord: buttons in a DM', { timeout: 60_000 }, () => {
  it('count in the guild of the incident they name, and only for its members', async () => {
    const outsider = '1300000000000009001';
    const elsewhere: GuildSeed = { id: '1300000000000009000', name: 'Elsewhere', ownerId: outsider, members: [{ id: outsider, username: 'outsider' }] };
    const w = await openWorld('assess_dm', { guilds: [assessmentGuild(), elsewhere] });
    // A public incident (level 4), so the guild's members may act on it; private ones are test/adapters/discord/access.test.ts's.
    await raiseIncident(w, { ...FIRE, people_affected: '' });
    const { incident } = await raised(w, KEY);
    // The same invitation, sent to a member of the incident's guild who is not on the team, and to someone outside it.
    for (const user of [IDS.bob, outsider]) await w.discord.port.dm(user, assessInviteDm(w.core, incident, { id: incident.room!.id, name: incident.room!.name }));
    const member = dmMessages(w, IDS.bob)[0]!;
    expect(modalOf(await click(w, member, 'assess.fact:', {})).title).toBe(`Add a fact to ${KEY} (1/2)`);
    const stranger = await click(w, dmMessages(w, outsider)[0]!, 'assess.fact:', {});
    expect(stranger.response.type).toBe(6);
    expect(followUps(w, stranger).map(plain)).toEqual([L('err.unknownIncident', { key: KEY })]);
  });
});

/** One world and one incident for the bad-input cases; each case starts its own form. */
let shared: Promise<{ w: World; room: string; sheet: () => FakeMessage }> | undefined;
function badInputWorld() {
  shared ??= (async () => {
    const w = await openWorld('assess_bad', { guilds: [assessmentGuild()] });
    await raiseIncident(w, FIRE);
    const { room, sheet } = await raised(w, KEY);
    return { w, room, sheet };
  })();
  return shared;
}

/** The answer to a final page that had a wrong value: its text, the Fix buttons, the draft behind them. */
async function refusedAnswer(w: World, a: Answered) {
  const m = replyOf(w, a);
  const fix = buttonsOf(m).filter((b) => b.custom_id.startsWith('crisis.page:'));
  const draftId = fix[0]!.custom_id.split(':')[1]!;
  return { m, text: plain(m), fix, draft: (await findDraft(w.db, draftId))! };
}

describe('Discord: a wrong value in an assessment form is named, and nothing typed is lost', { timeout: 120_000 }, () => {
  it('an amount with letters', async () => {
    const { w, sheet } = await badInputWorld();
    const typed = { ...IMPACT, direct_loss: '1.2 million' };
    const answer = await refusedAnswer(w, await fillForm(w, sheet(), 'assess.impact:', typed, { userId: P.frank }));
    expect(answer.m.ephemeral).toBe(true);
    expect(answer.text).toBe([L('discord.form.invalid'), L('err.amount', { field: 'Direct loss (amount)', currency: 'CNY' })].join('\n'));
    expect(answer.fix.map((b) => b.label)).toEqual(['Fix page 2/4']);
    // Every page is in the draft; the page to fix opens with what was typed on it.
    expect(answer.draft.values).toMatchObject(typed);
    const page2 = modalOf(await click(w, answer.m, 'crisis.page:', { userId: P.frank }));
    expect(values(page2)).toEqual({ reputation_note: 'national press', personnel_score: '1', personnel_note: '', direct_loss: '1.2 million', currency: '' });
    const done = await submitModal(w, page2, { direct_loss: '1,200,000' }, { userId: P.frank, messageId: answer.m.data.id });
    expect(plain(replyOf(w, done))).toContain(L('impact.done', { n: 1, key: KEY }));
    expect((await findIncident(w.db, KEY))!.impacts!.at(-1)).toMatchObject({ scores: { operations: { score: 3 }, reputation: { score: 4, note: 'national press' } }, directLoss: { amount: 1_200_000 } });
  });

  it('a negative number, and a score out of its range', async () => {
    const { w, sheet } = await badInputWorld();
    const before = (await findIncident(w.db, KEY))!.impacts?.length ?? 0;
    const typed = { ...IMPACT, operations_score: '-1', people_affected: '-5' };
    const answer = await refusedAnswer(w, await fillForm(w, sheet(), 'assess.impact:', typed, { userId: P.heidi }));
    expect(answer.text).toBe([
      L('discord.form.invalid'),
      L('err.range', { field: 'Operations impact (0–5)', min: 0, max: 5 }),
      L('err.integer', { field: 'People affected', min: 0 }),
    ].join('\n'));
    expect(answer.fix.map((b) => b.label)).toEqual(['Fix page 1/4', 'Fix page 3/4']);
    expect(answer.draft.values).toMatchObject(typed);
    const page3 = modalOf(await click(w, answer.m, `crisis.page:${answer.draft._id}:2:`, { userId: P.heidi }));
    expect(values(page3)).toMatchObject({ people_affected: '-5', casualties: '0', regions: '1' });
    expect((await findIncident(w.db, KEY))!.impacts?.length ?? 0).toBe(before);
  });

  it('a "when" in the future', async () => {
    const { w, sheet } = await badInputWorld();
    const typed = { ...FACT1, when: '2026-11-28 12:00' };
    const answer = await refusedAnswer(w, await fillForm(w, sheet(), 'assess.fact:', typed, { userId: P.heidi }));
    expect(answer.text).toBe([L('discord.form.invalid'), L('err.future', { field: 'When (YYYY-MM-DD HH:MM)' })].join('\n'));
    expect(answer.fix.map((b) => b.label)).toEqual(['Fix page 1/2']);
    // Page 2 (source, confidence) is kept while page 1 is fixed.
    expect(answer.draft.values).toMatchObject({ source: 'on-site', confidence: 'high' });
    const page1 = modalOf(await click(w, answer.m, 'crisis.page:', { userId: P.heidi }));
    expect(values(page1)).toEqual({ what: FACT1.what, when: '2026-11-28 12:00', where: FACT1.where, cause: '', people: FACT1.people });
    const done = await submitModal(w, page1, { when: '2026-11-28 09:40' }, { userId: P.heidi, messageId: answer.m.data.id });
    expect(plain(replyOf(w, done))).toMatch(/^Fact F\d+ added to INC-20261128-001/);
  });

  it('a "when" decades back', async () => {
    const { w, sheet } = await badInputWorld();
    const typed = { ...FACT1, when: '1996-11-28 09:40' };
    const facts = (await findIncident(w.db, KEY))!.facts?.length ?? 0;
    const answer = await refusedAnswer(w, await fillForm(w, sheet(), 'assess.fact:', typed, { userId: P.erin }));
    expect(answer.text).toBe([L('discord.form.invalid'), L('err.tooOld', { field: 'When (YYYY-MM-DD HH:MM)' })].join('\n'));
    expect(answer.draft.values).toMatchObject(typed);
    expect((await findIncident(w.db, KEY))!.facts?.length ?? 0).toBe(facts);
  });

  it('a text longer than the field allows: the modal declares the limit, Discord holds the person to it, the core names the field', async () => {
    const { w, sheet } = await badInputWorld();
    const page1 = modalOf(await click(w, sheet(), 'assess.fact:', { userId: P.erin }));
    // Every input declares a max_length Discord accepts (≤ 4000); "what" declares the core's own 1000.
    for (const c of page1.components) expect(c.component.max_length).toBeLessThanOrEqual(4000);
    expect(page1.components[0]!.component).toMatchObject({ custom_id: 'what', max_length: 1000 });
    // Discord's client does not send 1001 characters for an input declared max_length 1000: the fake refuses it likewise.
    const tooLong = { ...FACT1, what: 'x'.repeat(1001) };
    const sheetId = sheet().data.id;
    expect(() => w.fake.dispatchInteraction({ kind: 'modal', customId: page1.custom_id, fields: { ...values(page1), ...pick(tooLong, page1) }, userId: P.erin, messageId: sheetId }))
      .toThrow(/input what holds 1001 characters, more than its max_length 1000/);
    // Should 1001 characters reach the core another way, its answer names the field (this is what a form submission would show).
    const inv = { platform: 'discord' as const, workspace: IDS.guild, user: { id: P.erin, name: 'erin-expert' }, locale: 'en' as const };
    const outcome = await submitForm(w.core, inv, 'fact', tooLong, `add:${KEY}`);
    expect(outcome.kind === 'form' && outcome.form.errors).toEqual({ what: L('err.tooLong', { field: 'What (the fact itself)', length: 1001, max: 1000 }) });
    // 1000 characters go through the modals and are kept whole.
    const ok = { ...FACT1, what: 'y'.repeat(1000) };
    const last = await fillPages(w, page1, ok, { userId: P.erin }, sheetId);
    const done = await submitModal(w, last.modal, ok, { userId: P.erin, messageId: last.messageId });
    expect(plain(replyOf(w, done))).toMatch(/^Fact F\d+ added/);
    expect((await findIncident(w.db, KEY))!.facts!.at(-1)!.what).toBe(ok.what);
    // A second one: the fact sheet outgrows the one message it was posted in (2000 characters). Edited in place, it
    // keeps its heading, its newest lines and its buttons; "…" marks what it left out.
    const ok2 = { ...FACT2, what: 'z'.repeat(1000) };
    await fillForm(w, sheet(), 'assess.fact:', ok2, { userId: P.heidi });
    const lines = plain(sheet()).split('\n');
    expect(sheet().data.content.length).toBeLessThanOrEqual(2000);
    expect(lines[0]).toBe(`**${L('assess.title', { key: KEY })}**`);
    expect(lines).toContain('…');
    expect(lines.some((l) => l.includes(ok2.what))).toBe(true);
    expect(lines).toContain('**Impact**');
    expect(ids(sheet())).toEqual(expect.arrayContaining([`assess.fact:${KEY}`, `assess.impact:${KEY}`]));
  });

  it('verify by the fact’s own author', async () => {
    const { w, room, sheet } = await badInputWorld();
    const added = await fillForm(w, sheet(), 'assess.fact:', FACT2, { userId: P.frank });
    const id = /Fact (F\d+) added/.exec(plain(replyOf(w, added)))![1]!;
    const card = posted(w, room, `Fact ${id} added by frank-finance`)[0]!;
    const own = await click(w, card, 'fact.verify:', { userId: P.frank });
    expect(own.response.type).toBe(6);
    expect(followUps(w, own).map((m) => [m.ephemeral, plain(m)])).toEqual([[true, L('err.ownFact', { id, key: KEY })]]);
    expect((await findIncident(w.db, KEY))!.facts!.find((f) => f.id === id)!.status).toBe('unverified');
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'fact.verified' && (e.data as { id: string }).id === id)).toEqual([]);
  });

  it('a level change by someone not allowed', async () => {
    const { w, sheet } = await badInputWorld();
    // An impact with 150 people affected suggests level 1.
    await fillForm(w, sheet(), 'assess.impact:', IMPACT, { userId: P.frank });
    expect(ids(sheet())).toContain(`level.change:${KEY}:1`);
    for (const who of [P.frank, P.carol, IDS.alice]) {
      const refused = await click(w, sheet(), 'level.change:', { userId: who });
      expect(refused.response.type).toBe(6);
      expect(followUps(w, refused).map((m) => [m.ephemeral, plain(m).startsWith(`Only the incident lead or these roles may change the level of ${KEY}:`)])).toEqual([[true, true]]);
    }
    expect((await findIncident(w.db, KEY))!.level).toBe(2);
    expect((await readTimeline(w.db, KEY)).some((e) => e.type === 'level.changed')).toBe(false);
    // Erin holds a role levels.yml allows (crisis_expert): she may keep the level.
    const kept = await click(w, sheet(), 'level.keep:', { userId: P.erin });
    expect(followUps(w, kept).map(plain)).toEqual([L('level.kept', { key: KEY, level: 2, suggested: 1 })]);
    expect(ids(sheet())).not.toContain(`level.change:${KEY}:1`);
  });
});

/** The values a modal page holds, from a whole form's values. */
function pick(all: Record<string, string>, modal: ReturnType<typeof modalOf>): Record<string, string> {
  return Object.fromEntries(modal.components.map((c) => [c.component.custom_id, all[c.component.custom_id] ?? '']));
}
