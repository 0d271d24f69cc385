// Issue 6 on Slack: the assessment driven through the real Bolt adapter against the fake Slack, by
// several people — the fact sheet and the team's DMs, facts added through modals opened by buttons,
// a verification (and the author's own, refused), a dispute, an impact assessment, a re-grade
// accepted by the lead with a reason — then each bad input, answered on its field or privately.
import { describe, expect, it } from 'vitest';
import { raiseFields } from '../../../commands/raise.ts';
import { disputeField, factFields, impactFields, reasonField } from '../../../src/assessment/forms.ts';
import { form } from '../../../src/ui/form.ts';
import { currentFacts } from '../../../src/domain/assessment.ts';
import { findStep } from '../../../src/store/steps.ts';
import type { Form } from '../../../src/ui/form.ts';
import { formView } from '../../../adapters/slack/modal.ts';
import { validateView } from '../../fakes/slack/index.ts';
import { errorOf, webClient } from '../../fakes/slack/test-helpers.ts';
import { ALICE, buttonsOf, CAROL, click, ERIN, fire, FRANK, HEIDI, IMPACT, inputsOf, labels, message, type Msg, room, ROOF, SCORES, sheet, type SlackBlock, startWithRoster, submit, type View } from './assessment-flow.ts';
import { type Harness, KEY, pickerValue, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const MIN = 60_000;

/** A harness whose workspace holds every roster person under their roster name. */
const start = (): Promise<Harness> => startWithRoster(harness);

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
/** How the adapter writes a time (each reader sees their own zone). */
const slackTime = (d: Date) => new RegExp(`<!date\\^${epoch(d)}\\^\\{date_short_pretty\\} \\{time\\}\\|[^>]+>`);
const at = (h: Harness, minutes: number) => new Date(h.clock.now().getTime() + minutes * MIN);
const imOf = (h: Harness, user: string) => [...h.fake.channels.values()].find((c) => c.is_im && c.user === user);

const SECOND_FIRE = { what: 'A second fire started in building 4', cause: 'sparks from the roof', source: 'media', confidence: 'low' };

describe('the assessment on Slack', () => {
  it('runs the whole assessment as different people: sheet and DMs, two facts, verify, dispute, impact, re-grade accepted with a reason', async () => {
    const h = await start();
    const { fake } = h;
    const raised = await h.raise(fire(h));
    expect(raised.body).toMatchObject({ response_action: 'update' });
    expect(await h.incident()).toMatchObject({ level: 2, lead: { id: ALICE } });
    const war = room(h);
    const due = at(h, 60);

    // 1. The Assessment card in the war room: the team, the due time, Add fact / Assess impact.
    const card = await sheet(h);
    expect(card.channel).toBe(war.id);
    expect(card.text).toBe(`Assessment and fact sheet — ${KEY}`);
    const first = shown(card.blocks);
    expect(first).toContain(`Assessment team: <@${HEIDI}> (Legal counsel), <@${ERIN}> (Crisis management expert), <@${FRANK}> (Financial analyst)`);
    expect(first).toMatch(new RegExp(`First assessment due by ${slackTime(due).source}`));
    expect(first).toContain('No facts yet: press Add fact.');
    expect(buttonsOf(card.blocks).map((b) => [b.text?.text, b.value])).toEqual([['Add fact', KEY], ['Assess impact', KEY]]);

    // 2. A DM to each of the three, with the deadline and the same buttons; nobody else is asked.
    for (const who of [HEIDI, ERIN, FRANK]) {
      const im = imOf(h, who)!;
      expect(fake.callsTo('conversations.open').some((c) => c.args.users === who)).toBe(true);
      const dms = h.messages(im.id).filter((m) => m.text.startsWith('You are on the assessment team'));
      expect(dms).toHaveLength(1);
      const dm = dms[0]!;
      expect(fake.callsTo('chat.postMessage').find((c) => c.args.channel === im.id && c.args.text === dm.text)).toMatchObject({ ok: true });
      expect(dm.text).toBe(`You are on the assessment team for ${KEY}: Warehouse fire`);
      expect(shown(dm.blocks)).toMatch(new RegExp(`Gather and verify the facts and assess the impact \\(Level 2 — [^)]+\\)\\. First assessment due by ${slackTime(due).source}`));
      expect(shown(dm.blocks)).toContain(`War room: <#${war.id}>`);
      expect(labels(dm.blocks)).toEqual(['Add fact', 'Assess impact']);
    }
    const invited = [...fake.channels.values()].filter((c) => c.is_im && h.messages(c.id).some((m) => m.text.startsWith('You are on the assessment team')));
    expect(invited.map((c) => c.user).sort()).toEqual([ERIN, FRANK, HEIDI]);

    // 3. Erin clicks Add fact on the sheet: the Add fact modal opens with the click's trigger.
    const add = await click(h, card, 'assess.fact', ERIN);
    expect(add.open).toMatchObject([{ ok: true, args: { trigger_id: add.trigger } }]);
    expect(add.replies).toEqual([]);
    const factModal = add.view!;
    expect(validateView(factModal)).toEqual([]);
    expect(factModal.title.text).toBe('Add a fact to INC-20261…');
    expect(shown(factModal.blocks)).toContain(`Add a fact to ${KEY}`);
    const factInputs = inputsOf(factModal);
    expect(Object.keys(factInputs)).toEqual(['what', 'when', 'where', 'cause', 'people', 'source', 'confidence']);
    expect(factInputs.what).toMatchObject({ optional: false, element: { type: 'plain_text_input', multiline: true, max_length: 1000 } });
    expect(factInputs.when).toMatchObject({ optional: true, element: { type: 'datetimepicker' } });
    expect(factInputs.source?.element?.options).toHaveLength(5);
    const f1 = await submit(h, { ...ROOF, when: pickerValue(h, 20) }, ERIN);
    expect(f1.body).toMatchObject({ response_action: 'update' });
    expect(f1.said).toContain(`Fact F1 added to ${KEY}; it stays unverified until someone else verifies it.`);

    // The fact gets its own card with Verify / Dispute / Correct; the sheet is redrawn in place.
    const factCard = (id: string, v = 1) => h.messages(war.id).find((m) => m.text.startsWith(`Fact ${id} ${v > 1 ? 'corrected' : 'added'}`) && buttonsOf(m.blocks).some((b) => b.value === `${KEY}:${id}`))! as Msg;
    const card1 = factCard('F1');
    expect(card1.text).toBe('Fact F1 added by Erin Placeholder');
    expect(shown(card1.blocks)).toContain('Roof of building 3 collapsed');
    expect(buttonsOf(card1.blocks).map((b) => [b.text?.text, b.value])).toEqual([['Verify', `${KEY}:F1`], ['Dispute', `${KEY}:F1`], ['Correct', `${KEY}:F1`]]);
    expect(shown((await sheet(h)).blocks)).toMatch(
      new RegExp(`\\? F1 Roof of building 3 collapsed — ${slackTime(at(h, -20)).source} — Building 3 — On-site investigation, high confidence — unverified \\(added by Erin Placeholder\\)`),
    );

    // 4. Frank adds the second fact from the button in his DM.
    const fromDm = await click(h, h.messages(imOf(h, FRANK)!.id).find((m) => m.text.startsWith('You are on the assessment team'))!, 'assess.fact', FRANK);
    expect(fromDm.open).toMatchObject([{ ok: true, args: { trigger_id: fromDm.trigger } }]);
    const f2 = await submit(h, SECOND_FIRE, FRANK);
    expect(f2.said).toContain(`Fact F2 added to ${KEY}`);
    expect(factCard('F2').text).toBe('Fact F2 added by Frank Placeholder');

    // 5. Erin may not verify her own fact: told privately, nothing changes. Frank verifies it.
    const updatesBefore = fake.callsTo('chat.update').length;
    const own = await click(h, card1, 'fact.verify', ERIN);
    expect(own.open).toEqual([]);
    expect(own.replies).toMatchObject([{ response_type: 'ephemeral', replace_original: false }]);
    expect(own.said).toContain(`You added F1 of ${KEY} yourself; someone else must verify it.`);
    expect(fake.callsTo('chat.update')).toHaveLength(updatesBefore);
    expect(currentFacts((await h.incident())!.facts!).find((f) => f.id === 'F1')?.status).toBe('unverified');
    const verified = await click(h, card1, 'fact.verify', FRANK);
    expect(verified.replies).toMatchObject([{ response_type: 'ephemeral' }]);
    expect(verified.said).toContain(`Fact F1 of ${KEY} verified.`);
    expect(shown((await sheet(h)).blocks)).toContain('✓ F1 Roof of building 3 collapsed');
    expect(shown((await sheet(h)).blocks)).toContain('verified by Frank Placeholder');

    // 6. Heidi disputes F2: the button opens a modal for the note.
    const dispute = await click(h, factCard('F2'), 'fact.dispute', HEIDI);
    expect(dispute.open).toMatchObject([{ ok: true, args: { trigger_id: dispute.trigger } }]);
    expect(Object.keys(inputsOf(dispute.view!))).toEqual(['note']);
    expect(shown(dispute.view!.blocks)).toContain(`Dispute F2 of ${KEY}`);
    const disputed = await submit(h, { note: 'The fire brigade saw no fire in building 4' }, HEIDI);
    expect(disputed.said).toContain(`Fact F2 of ${KEY} marked disputed.`);
    expect(shown((await sheet(h)).blocks)).toContain(
      '! F2 A second fire started in building 4 — cause: sparks from the roof — Media report, low confidence — disputed by Heidi Placeholder: The fire brigade saw no fire in building 4',
    );

    // 7. Frank assesses the impact: 17 inputs; 150 people affected now points at level 1.
    const impact = await click(h, await sheet(h), 'assess.impact', FRANK);
    expect(impact.open).toMatchObject([{ ok: true, args: { trigger_id: impact.trigger } }]);
    const impactInputs = inputsOf(impact.view!);
    expect(Object.keys(impactInputs)).toHaveLength(17);
    expect(impactInputs.operations_score).toMatchObject({ optional: false, element: { type: 'plain_text_input' } });
    expect(impactInputs.media_attention?.element).toMatchObject({ type: 'static_select' });
    expect(validateView(impact.view)).toEqual([]);
    const assessed = await submit(h, IMPACT, FRANK);
    expect(assessed.said).toContain(`Impact assessment 1 of ${KEY} recorded; the fact sheet is updated.`);
    expect(assessed.said).toContain('The criteria now point at level 1 (now level 2): people affected 150 ≥ 100.');

    // The sheet: one message from start to end, updated in place (chat.update on its ts), with the
    // marks, the latest impact, the suggestion and its buttons.
    const sheetNow = await sheet(h);
    expect(sheetNow.ts).toBe(card.ts);
    const sheetUpdates = fake.callsTo('chat.update').filter((c) => c.args.ts === card.ts);
    expect(sheetUpdates.length).toBeGreaterThanOrEqual(4);
    expect(sheetUpdates.every((c) => c.ok && c.args.channel === war.id)).toBe(true);
    expect(h.messages(war.id).filter((m) => m.text.startsWith('Assessment and fact sheet'))).toHaveLength(1);
    const sheetText = shown(sheetNow.blocks);
    expect(sheetText).toContain('Facts (✓ verified, ? unverified, ! disputed)');
    expect(sheetText).toMatch(/✓ F1 [\s\S]*! F2 /);
    expect(sheetText).toContain('Operations 3/5 (line stopped) · Finance 2/5 · Reputation 4/5 (national press) · Personnel 1/5');
    expect(sheetText).toContain('direct loss 1,200,000 CNY · indirect loss ≈ 500,000 CNY (customer churn)');
    expect(sheetText).toContain('The criteria now point at level 1 (now level 2): people affected 150 ≥ 100.');
    expect(buttonsOf(sheetNow.blocks).map((b) => [b.text?.text, b.value])).toEqual([
      ['Change to level 1', `${KEY}:1`],
      ['Keep level 2', `${KEY}:1`],
      ['Add fact', KEY],
      ['Assess impact', KEY],
    ]);
    expect(new Set(buttonsOf(sheetNow.blocks).map((b) => b.action_id)).size).toBe(4);

    // 8. Carol may not change the level: told privately, no modal, nothing changes.
    const refused = await click(h, sheetNow, 'level.change', CAROL);
    expect(refused.open).toEqual([]);
    expect(refused.replies).toMatchObject([{ response_type: 'ephemeral', replace_original: false }]);
    expect(refused.said).toContain(`Only the incident lead or these roles may change the level of ${KEY}: Alice Placeholder, Crisis management expert.`);
    expect((await h.incident())!.level).toBe(2);

    // 9. Alice, the lead, clicks Change: a modal asks for the reason; the level changes.
    const step2Before = (await findStep(h.db, KEY, 2))!;
    expect(step2Before.dueAt).toEqual(at(h, 30));
    const summaryTs = (await h.incident())!.summaryMessage!.id!;
    const checklistTs = (await h.incident())!.checklistMessages!.map((m) => m.id!);
    const mark = fake.calls.length;
    const change = await click(h, sheetNow, 'level.change', ALICE);
    expect(change.open).toMatchObject([{ ok: true, args: { trigger_id: change.trigger } }]);
    expect(Object.keys(inputsOf(change.view!))).toEqual(['reason']);
    expect(shown(change.view!.blocks)).toContain(`Change ${KEY} to level 1`);
    const changed = await submit(h, { reason: 'More than 100 people affected' }, ALICE);
    expect(changed.said).toContain(`${KEY} is now level 1; 14 open steps re-timed, and the war room has been told.`);

    // The room is told; the summary, the checklist and the sheet are redrawn in place.
    const after = fake.calls.slice(mark);
    const notice = h.messages(war.id).find((m) => m.text === `${KEY}: level 2 → level 1`)!;
    expect(notice).toBeDefined();
    expect(shown(notice.blocks)).toMatch(/Alice Placeholder changed the level to Level 1 — [^.]+ — More than 100 people affected\. 14 open steps now have the new level's deadlines\./);
    const updated = (ts: string) => after.filter((c) => c.method === 'chat.update' && c.args.ts === ts && c.ok);
    expect(updated(summaryTs)).toHaveLength(1);
    const summaryBefore = shown(fake.callsTo('chat.postMessage').find((c) => c.args.text === `${KEY}: Warehouse fire`)!.args.blocks);
    const summaryAfter = shown(message(h, war.id, summaryTs).blocks);
    expect(summaryBefore).toMatch(new RegExp(`\\*First statement by\\*\n${slackTime(at(h, 120)).source}`));
    expect(summaryBefore).toContain('*Status update every*\n1 h');
    expect(summaryAfter).toContain('Level 1 — Extremely serious — people affected 150 ≥ 100');
    expect(summaryAfter).toContain('Changed from level 2 to level 1 by Alice Placeholder — More than 100 people affected');
    expect(summaryAfter).toMatch(new RegExp(`\\*First statement by\\*\n${slackTime(at(h, 60)).source}`));
    expect(summaryAfter).toContain('*Status update every*\n30 min');
    expect(updated(checklistTs[0]!)).toHaveLength(1);
    const page1 = shown(message(h, war.id, checklistTs[0]!).blocks);
    expect(page1).toMatch(new RegExp(`☐ 2\\. Verify the report.+ — due ${slackTime(at(h, 15)).source}`));
    // It was due at 10:30 at level 2 (the raise's checklist showed that time).
    const step2Line = page1.split('\n').find((l) => l.startsWith('☐ 2.'))!;
    expect(step2Line).not.toMatch(slackTime(at(h, 30)));
    const posted = fake.callsTo('chat.postMessage').find((c) => c.args.text === `Checklist ${KEY} (1/2)`)!;
    expect(shown(posted.args.blocks).split('\n').find((l) => l.startsWith('☐ 2.'))).toMatch(slackTime(at(h, 30)));
    expect(updated(card.ts)).toHaveLength(1);
    expect(labels((await sheet(h)).blocks)).toEqual(['Add fact', 'Assess impact']);
    expect(after.filter((c) => c.method === 'chat.postMessage').map((c) => c.args.text)).toEqual([`${KEY}: level 2 → level 1`]);

    // 10. A correction starts from the current version (initial values) and is a new version.
    const correct = await click(h, card1, 'fact.correct', ERIN);
    const draft = inputsOf(correct.view!);
    expect(draft.what?.element).toMatchObject({ initial_value: 'Roof of building 3 collapsed' });
    expect(draft.when?.element).toMatchObject({ initial_date_time: pickerValue(h, 20) });
    expect(draft.source?.element).toMatchObject({ initial_option: { value: 'on-site' } });
    expect(draft.confidence?.element).toMatchObject({ initial_option: { value: 'high' } });
    const corrected = await submit(h, { cause: 'gas leak' }, ERIN);
    expect(corrected.said).toContain(`Fact F1 of ${KEY} corrected (version 2); the new version needs verifying again.`);
    expect(factCard('F1', 2).text).toMatch(/^Fact F1 corrected by Erin Placeholder \(version 2/);
    expect(shown((await sheet(h)).blocks)).toMatch(new RegExp(`\\? F1 \\(v2\\) Roof of building 3 collapsed — ${slackTime(at(h, -20)).source} — Building 3 · cause: gas leak`));

    // The store.
    const incident = (await h.incident())!;
    expect(incident.level).toBe(1);
    expect(incident.regrade ?? null).toBeNull();
    expect(incident.levelChange).toMatchObject({ from: 2, reason: 'More than 100 people affected', by: { id: ALICE, name: 'Alice Placeholder' } });
    expect(incident.facts!.map((f) => [f.id, f.v, f.status, f.author.id, f.verifiedBy?.id ?? f.disputedBy?.id])).toEqual([
      ['F1', 1, 'verified', ERIN, FRANK],
      ['F2', 1, 'disputed', FRANK, HEIDI],
      ['F1', 2, 'unverified', ERIN, undefined],
    ]);
    expect(incident.facts![0]).toMatchObject({ when: at(h, -20), where: 'Building 3', people: 'two workers', source: 'on-site', confidence: 'high' });
    expect(incident.facts![1]).toMatchObject({ disputeNote: 'The fire brigade saw no fire in building 4' });
    // What the correction did not touch came back from the modal's initial values.
    expect(incident.facts![2]).toMatchObject({ when: at(h, -20), where: 'Building 3', people: 'two workers', cause: 'gas leak', source: 'on-site', confidence: 'high' });
    expect(incident.impacts).toMatchObject([
      { n: 1, by: { id: FRANK }, scores: { operations: { score: 3, note: 'line stopped' }, personnel: { score: 1 } }, directLoss: { amount: 1_200_000, currency: 'CNY' }, indirectLoss: { estimate: 500_000, notes: 'customer churn' }, criteria: { people_affected: 150, media_attention: 'national' } },
    ]);
    const step2 = (await findStep(h.db, KEY, 2))!;
    expect(step2.dueAt).toEqual(at(h, 15));
    expect(step2.version).toBe(step2Before.version + 1);
    const types = (await h.timeline()).map((e) => e.type);
    expect(types.filter((x) => /^(fact|impact|level)\./.test(x))).toEqual([
      'fact.added', 'fact.added', 'fact.verified', 'fact.disputed', 'impact.assessed', 'level.suggested', 'level.changed', 'fact.corrected',
    ]);
    const events = await h.timeline();
    expect(events.find((e) => e.type === 'fact.verified')).toMatchObject({ actor: 'Frank Placeholder', data: { id: 'F1', v: 1 } });
    expect(events.find((e) => e.type === 'level.changed')).toMatchObject({ actor: 'Alice Placeholder', data: { from: 2, to: 1, reason: 'More than 100 people affected', retimed: 14 } });
    // Everything the fake was sent, it accepted.
    expect(fake.calls.filter((c) => !c.ok && c.method !== 'conversations.invite')).toEqual([]);
  });
});

/** One incident for the bad-input tests: F1 by Erin, and an impact that suggests level 1. */
let shared: Promise<{ h: Harness; fact: Msg }> | undefined;
function withIncident() {
  shared ??= (async () => {
    const h = await start();
    await h.raise(fire(h));
    await click(h, await sheet(h), 'assess.fact', ERIN);
    await submit(h, ROOF, ERIN);
    await click(h, await sheet(h), 'assess.impact', FRANK);
    await submit(h, IMPACT, FRANK);
    const fact = h.messages(room(h).id).find((m) => m.text === 'Fact F1 added by Erin Placeholder')! as Msg;
    return { h, fact };
  })();
  return shared;
}

/** Opens a form by its button, submits these values and expects errors on exactly `fields`, the modal kept. */
async function refusedOnFields(h: Harness, button: string, values: Record<string, string | number>, fields: string[]) {
  const opened = await click(h, await sheet(h), button, FRANK);
  expect(opened.open).toHaveLength(1);
  const viewId = h.lastViewId();
  const before = { hash: h.fake.views.get(viewId)!.hash, updates: h.fake.callsTo('views.update').length, facts: (await h.incident())!.facts?.length, events: (await h.timeline()).length };
  const answer = await submit(h, values, FRANK);
  expect(answer.status).toBe(200);
  // Only `errors`: Slack keeps the modal open with everything typed; no view replaces it.
  expect(Object.keys(answer.body).sort()).toEqual(['errors', 'response_action']);
  expect(answer.body.response_action).toBe('errors');
  expect(Object.keys(answer.body.errors!).sort()).toEqual([...fields].sort());
  expect(h.fake.views.get(viewId)!.hash).toBe(before.hash);
  expect(h.fake.callsTo('views.update')).toHaveLength(before.updates);
  expect((await h.incident())!.facts?.length).toBe(before.facts);
  expect(await h.timeline()).toHaveLength(before.events);
  return answer.body.errors!;
}

describe('bad input on Slack: each answered on its field or privately, nothing entered lost', () => {
  it('a form Slack will not open (an expired trigger) is said privately to the person who clicked', async () => {
    const { h } = await withIncident();
    h.fake.fail('views.open', { error: 'expired_trigger_id' });
    const late = await click(h, await sheet(h), 'assess.fact', HEIDI);
    expect(late.open).toMatchObject([{ ok: false, error: 'expired_trigger_id' }]);
    expect(late.replies).toMatchObject([{ response_type: 'ephemeral', replace_original: false }]);
    expect(late.said).toContain('The form could not be opened (expired_trigger_id); press the button again.');
  });

  it('an amount with letters is an error on that field', async () => {
    const { h } = await withIncident();
    const errors = await refusedOnFields(h, 'assess.impact', { ...SCORES, direct_loss: '1.2M CNY', indirect_loss: '300000', people_affected: '40' }, ['direct_loss']);
    expect(errors.direct_loss).toBe('Direct loss (amount) must be an amount of at least 0, e.g. 250000, 1,200,000.50 or ¥200,000 (a sign or code of CNY may be written).');
  });

  it('a negative number is an error on each field it was typed in', async () => {
    const { h } = await withIncident();
    const errors = await refusedOnFields(h, 'assess.impact', { ...SCORES, operations_score: '-1', indirect_loss: '-500', people_affected: '-3', regions: '2' }, ['operations_score', 'indirect_loss', 'people_affected']);
    expect(errors.operations_score).toBe('Operations impact (0–5) must be a whole number from 0 to 5, e.g. 3.');
    expect(errors.indirect_loss).toContain('must be an amount of at least 0');
    expect(errors.people_affected).toBe('People affected must be a whole number of at least 0, e.g. 12.');
  });

  it('a "when" in the future is an error on the field', async () => {
    const { h } = await withIncident();
    const errors = await refusedOnFields(h, 'assess.fact', { ...SECOND_FIRE, when: pickerValue(h, -120) }, ['when']);
    expect(errors.when).toBe('When (YYYY-MM-DD HH:MM) is in the future; give a time that has already passed.');
  });

  it('a "when" decades back is an error on the field', async () => {
    const { h } = await withIncident();
    const errors = await refusedOnFields(h, 'assess.fact', { ...SECOND_FIRE, when: pickerValue(h, 30 * 365 * 24 * 60) }, ['when']);
    expect(errors.when).toBe('When (YYYY-MM-DD HH:MM) is more than a year ago; check the year.');
  });

  it('text over the limits: inputs declare at most 3000 (Slack refuses more), `what` 1000, and 1001 characters are an error', async () => {
    const { h } = await withIncident();
    // Every input of every form declares a max_length Slack accepts.
    const L = 'en';
    const forms: Form[] = [
      form('fact', 'Add a fact to INC-20261128-001', 'Save fact', factFields(L), `add:${KEY}`),
      form('impact', 'Assess the impact of INC-20261128-001', 'Save assessment', impactFields(L, h.core.playbook), KEY),
      form('fact', 'Dispute F1 of INC-20261128-001', 'Dispute', [disputeField(L)], `dispute:${KEY}:F1`),
      form('level', 'Change INC-20261128-001 to level 1', 'Change level', [reasonField(L)], `${KEY}:1`),
      form('raise', 'Raise a crisis', 'Raise', raiseFields(h.core, L), ''),
    ];
    for (const f of forms) {
      const view = formView(f, { command: f.command, context: f.context, locale: L });
      expect(validateView(view)).toEqual([]);
      const texts = (view.blocks as SlackBlock[]).flatMap((b) => (b.type === 'input' && b.element?.type === 'plain_text_input' ? [b.element] : []));
      expect(texts.length).toBeGreaterThan(0);
      for (const el of texts) {
        expect(el.max_length).toEqual(expect.any(Number));
        expect(el.max_length).toBeLessThanOrEqual(3000);
      }
    }

    // The fake refuses a view whose input declares more than Slack's 3000.
    const opened = await click(h, await sheet(h), 'assess.fact', FRANK);
    const viewId = h.lastViewId();
    const view = structuredClone(opened.view!) as View & Record<string, unknown>;
    expect(inputsOf(view).what?.element).toMatchObject({ max_length: 1000 });
    inputsOf(view).what!.element!.max_length = 3001;
    const client = webClient(h.fake);
    const refused = await client.views.open({ trigger_id: h.fake.issueTriggerId(), view: view as never }).catch((e: { data: unknown }) => e.data);
    expect(refused).toMatchObject({ ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must be between 1 and 3000 [json-pointer:/view/blocks/1/element/max_length]'] } });
    inputsOf(view).what!.element!.max_length = 3000;
    expect(await errorOf(client.views.open({ trigger_id: h.fake.issueTriggerId(), view: view as never }))).toBe('ok');

    // Slack's own client stops the person at the declared 1000 characters…
    expect(h.fake.views.get(viewId)?.view).toMatchObject({ title: { text: 'Add a fact to INC-20261…' } });
    const long = 'x'.repeat(1001);
    expect(() => h.fake.viewSubmission({ view_id: viewId, user: FRANK, values: { what: { what: long }, source: { source: 'media' }, confidence: { confidence: 'low' } } })).toThrow(
      /what holds 1001 characters.+max_length 1000/,
    );
    // …and should 1001 characters arrive anyway (a client counting otherwise, a forged request),
    // the core's limit answers on the field, keeping the rest.
    const payload = h.fake.viewSubmission({ view_id: viewId, user: FRANK, values: { what: { what: 'x'.repeat(1000) }, where: { where: 'Gate 2' }, source: { source: 'media' }, confidence: { confidence: 'low' } } });
    (payload.view as { state: { values: Record<string, Record<string, { value: string }>> } }).state.values.what!.what!.value = long;
    const events = (await h.timeline()).length;
    const answer = await h.interact(payload);
    await h.settled();
    expect(answer.body).toEqual({ response_action: 'errors', errors: { what: 'What (the fact itself) is 1001 characters long; shorten it to at most 1000.' } });
    expect(await h.timeline()).toHaveLength(events);
    expect(currentFacts((await h.incident())!.facts!)).toHaveLength(1);
  });

  it("a verify by the fact's own author is refused privately and changes nothing", async () => {
    const { h, fact } = await withIncident();
    const updates = h.fake.callsTo('chat.update').length;
    const events = (await h.timeline()).length;
    const own = await click(h, fact, 'fact.verify', ERIN);
    expect(own.open).toEqual([]);
    expect(own.replies).toHaveLength(1);
    expect(own.replies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining(`You added F1 of ${KEY} yourself`) });
    expect(own.said).toContain(`You added F1 of ${KEY} yourself; someone else must verify it.`);
    expect(h.fake.callsTo('chat.update')).toHaveLength(updates);
    expect(await h.timeline()).toHaveLength(events);
    expect((await h.incident())!.facts).toMatchObject([{ id: 'F1', status: 'unverified' }]);
    expect(h.messages(room(h).id).filter((m) => m.user !== h.fake.botUserId)).toEqual([]);
  });

  it('a level change by someone not allowed is refused privately, by button and by command', async () => {
    const { h } = await withIncident();
    const suggestion = await sheet(h);
    expect(labels(suggestion.blocks)).toContain('Change to level 1');
    const events = (await h.timeline()).length;
    const expected = `Only the incident lead or these roles may change the level of ${KEY}: Alice Placeholder, Crisis management expert.`;
    for (const [who, id] of [[FRANK, 'level.change'], [CAROL, 'level.change'], [CAROL, 'level.keep']] as const) {
      const refused = await click(h, suggestion, id, who);
      expect(refused.open).toEqual([]);
      expect(refused.replies).toMatchObject([{ response_type: 'ephemeral', replace_original: false }]);
      expect(refused.said).toContain(expected);
    }
    const before = h.fake.responses.length;
    await h.command(`level ${KEY} 1 looks worse`, CAROL);
    await h.settled();
    expect(h.fake.responses.slice(before).map((r) => r.body)).toMatchObject([{ response_type: 'ephemeral' }]);
    expect(shown(h.fake.responses.slice(before).map((r) => (r.body as { blocks: unknown }).blocks))).toContain(expected);
    const incident = (await h.incident())!;
    expect(incident.level).toBe(2);
    expect(incident.regrade).toMatchObject({ level: 1 });
    expect(await h.timeline()).toHaveLength(events);
    expect(shown((await sheet(h)).blocks)).toContain('Change to level 1');
  });
});
