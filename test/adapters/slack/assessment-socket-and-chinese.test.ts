// The assessment on Slack in Socket Mode (clicks and submissions as envelopes over the websocket,
// acks read back from it), and by a person whose Slack locale is zh-CN: the modal in Chinese, its
// errors in Chinese on the fields, while the shared fact sheet stays in the workspace's language.
import { describe, expect, it } from 'vitest';
import { validateView } from '../../fakes/slack/index.ts';
import { buttonsOf, click, ERIN, fire, FRANK, inputsOf, type Msg, room, ROOF, SCORES, sheet, startWithRoster, submit } from './assessment-flow.ts';
import { KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

describe('the assessment over Socket Mode, and in Chinese', () => {
  it('Socket Mode: Add fact opens the modal with the trigger, the fact sheet is updated in place, another person verifies the fact', async () => {
    const h = await startWithRoster(harness, { mode: 'socket' });
    const { fake } = h;
    expect(h.url).toBe('');
    expect(fake.callsTo('apps.connections.open')).toMatchObject([{ ok: true, token: fake.appToken }]);
    expect(fake.socketMode.connections).toBe(1);

    const raised = await h.raise(fire(h));
    expect(raised.body).toMatchObject({ response_action: 'update' });
    expect(await h.incident()).toMatchObject({ type: 'safety-accident', level: 2 });
    const war = room(h);
    const card = await sheet(h);
    expect(card.channel).toBe(war.id);
    expect(shown(card.blocks)).toContain('No facts yet: press Add fact.');

    // Erin clicks Add fact (an interactive envelope): the modal opens with that click's trigger.
    const add = await click(h, card, 'assess.fact', ERIN);
    expect(add.open).toMatchObject([{ ok: true, args: { trigger_id: add.trigger } }]);
    expect(add.replies).toEqual([]);
    expect(validateView(add.view)).toEqual([]);
    expect(Object.keys(inputsOf(add.view!))).toEqual(['what', 'when', 'where', 'cause', 'people', 'source', 'confidence']);

    // The submission (a view_submission envelope) is answered in its ack, over the socket.
    const updates = fake.callsTo('chat.update').length;
    const added = await submit(h, ROOF, ERIN);
    expect(added.body).toMatchObject({ response_action: 'update' });
    expect(added.said).toContain(`Fact F1 added to ${KEY}; it stays unverified until someone else verifies it.`);

    // The sheet is the same message, redrawn with chat.update on its ts.
    const sheetUpdates = () => fake.callsTo('chat.update').slice(updates).filter((c) => c.args.ts === card.ts);
    expect(sheetUpdates().length).toBeGreaterThanOrEqual(1);
    expect(sheetUpdates().every((c) => c.ok && c.args.channel === war.id)).toBe(true);
    const afterAdd = await sheet(h);
    expect(afterAdd.ts).toBe(card.ts);
    expect(shown(afterAdd.blocks)).toContain('? F1 Roof of building 3 collapsed — Building 3 — On-site investigation, high confidence — unverified (added by Erin Placeholder)');
    expect(h.messages(war.id).filter((m) => m.text.startsWith('Assessment and fact sheet'))).toHaveLength(1);

    // Frank clicks Verify on the fact's card: told privately, the sheet shows ✓ F1 in place.
    const factCard = h.messages(war.id).find((m) => m.text === 'Fact F1 added by Erin Placeholder')! as Msg;
    expect(buttonsOf(factCard.blocks).map((b) => [b.text?.text, b.value])).toEqual([['Verify', `${KEY}:F1`], ['Dispute', `${KEY}:F1`], ['Correct', `${KEY}:F1`]]);
    const beforeVerify = sheetUpdates().length;
    const verified = await click(h, factCard, 'fact.verify', FRANK);
    expect(verified.open).toEqual([]);
    expect(verified.replies).toMatchObject([{ response_type: 'ephemeral', replace_original: false }]);
    expect(verified.said).toContain(`Fact F1 of ${KEY} verified.`);
    expect(sheetUpdates().length).toBeGreaterThan(beforeVerify);
    const afterVerify = shown((await sheet(h)).blocks);
    expect(afterVerify).toContain('✓ F1 Roof of building 3 collapsed');
    expect(afterVerify).toContain('verified by Frank Placeholder');
    expect(afterVerify).not.toContain('? F1');

    // The store.
    const incident = (await h.incident())!;
    expect(incident.facts).toHaveLength(1);
    expect(incident.facts![0]).toMatchObject({
      id: 'F1', v: 1, status: 'verified', what: 'Roof of building 3 collapsed', where: 'Building 3', people: 'two workers', source: 'on-site', confidence: 'high',
      author: { id: ERIN, name: 'Erin Placeholder' }, verifiedBy: { id: FRANK, name: 'Frank Placeholder' },
    });
    expect((await h.timeline()).map((e) => e.type).filter((x) => x.startsWith('fact.'))).toEqual(['fact.added', 'fact.verified']);
    // Everything still went over the one socket, and the fake accepted every call.
    expect(fake.socketMode.connections).toBe(1);
    expect(fake.calls.filter((c) => !c.ok && c.method !== 'conversations.invite')).toEqual([]);
  });

  it('a zh-CN Slack user: the impact modal in Chinese, bad values refused on their fields in Chinese, then the impact recorded', async () => {
    const h = await startWithRoster(harness, { mode: 'socket', locales: { [FRANK]: 'zh-CN' } });
    const { fake } = h;
    await h.raise(fire(h));

    // Frank's language comes from Slack (users.info with include_locale) when he clicks.
    const opened = await click(h, await sheet(h), 'assess.impact', FRANK);
    expect(fake.callsTo('users.info').filter((c) => c.args.user === FRANK)).toMatchObject([{ ok: true, args: { include_locale: 'true' } }]);
    expect(opened.open).toMatchObject([{ ok: true, args: { trigger_id: opened.trigger } }]);
    const view = opened.view!;
    expect(validateView(view)).toEqual([]);
    expect(view.title.text).toBe(`评估 ${KEY} 的影响`);
    expect((view as unknown as { submit: { text: string } }).submit.text).toBe('保存评估');
    const inputs = inputsOf(view);
    const label = (name: string) => (inputs[name] as unknown as { label: { text: string } }).label.text;
    expect(label('operations_score')).toBe('运营影响（0–5）');
    expect(label('finance_score')).toBe('财务影响（0–5）');
    expect(label('reputation_note')).toBe('声誉说明');
    expect(label('direct_loss')).toBe('直接损失（金额）');
    expect(label('people_affected')).toBe('受影响人数');
    expect(label('media_attention')).toBe('媒体关注度');
    expect((inputs.media_attention!.element!.options as { text: { text: string } }[]).map((o) => o.text.text)).toEqual(['无', '地方', '全国', '国际']);

    // A score of 7 and "十二" people affected: errors on those two fields, in Chinese; the modal stays.
    const viewId = h.lastViewId();
    const hash = fake.views.get(viewId)!.hash;
    const events = (await h.timeline()).length;
    const bad = await submit(h, { ...SCORES, operations_score: '7', people_affected: '十二' }, FRANK);
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: {
        operations_score: '运营影响（0–5）须为 0 到 5 之间的整数，例如 3。',
        people_affected: '受影响人数须为不小于 0 的整数，例如 12。',
      },
    });
    expect(fake.views.get(viewId)!.hash).toBe(hash);
    expect((await h.incident())!.impacts ?? []).toEqual([]);
    expect(await h.timeline()).toHaveLength(events);

    // Corrected, the same modal is submitted again: the impact is recorded and the answer is in Chinese.
    const good = await submit(h, { ...SCORES, operations_score: '3', people_affected: '12', media_attention: 'local' }, FRANK);
    expect(good.body).toMatchObject({ response_action: 'update' });
    expect(good.said).toContain(`${KEY} 的第 1 次影响评估已记录，事实清单已更新。`);
    expect((await h.incident())!.impacts).toMatchObject([
      { n: 1, by: { id: FRANK, name: 'Frank Placeholder' }, scores: { operations: { score: 3 }, finance: { score: 1 }, reputation: { score: 1 }, personnel: { score: 1 } }, criteria: { people_affected: 12, media_attention: 'local' } },
    ]);
    expect((await h.timeline()).map((e) => e.type).filter((x) => x.startsWith('impact.'))).toEqual(['impact.assessed']);
    // The fact sheet is shared: it stays in the workspace's language (en).
    expect(shown((await sheet(h)).blocks)).toContain('Operations 3/5 · Finance 1/5 · Reputation 1/5 · Personnel 1/5');
    expect(fake.calls.filter((c) => !c.ok && c.method !== 'conversations.invite')).toEqual([]);
  });
});
