import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShellPort } from '../../adapters/shell/port.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { buildReport } from '../../src/report/model.ts';
import { publishedStatements } from '../../src/report/statements.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';
import { webhookReceiver, withChannels } from './support.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const erin = { id: 'erin', name: 'Erin Placeholder' };
const heidi = { id: 'heidi', name: 'Heidi Placeholder' };
const carol = { id: 'carol', name: 'Carol Placeholder' };
const frank = { id: 'frank', name: 'Frank Placeholder' };
const alice = { id: 'alice', name: 'Alice Placeholder' };

let receiver: Awaited<ReturnType<typeof webhookReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const day = (d: string) => {
  clock.set(new Date(`${d}T10:00:00`));
  return `INC-${d.replaceAll('-', '')}-001`;
};
const raise = (shell: ReturnType<typeof shellDriver>, extra = '') => shell.type(`/crisis raise title="Warehouse fire" type=safety-accident location="Plant 2" people_affected=12 ${extra}`, '/skip');

describe('statements on the terminal: four eyes, versions, publishing on every channel', () => {
  it('drafts, asks for changes, edits (approvals cleared), is approved by two roles but not its author, and publishes the approved version once to the announcement room and a verifying webhook', async () => {
    const KEY = day('2026-11-28');
    const ROOM = '[#inc-20261128-001-warehouse-fire]';
    receiver = await webhookReceiver();
    const core = withChannels(t.core, [{ id: 'website', name: 'website', webhook: receiver.url }]);
    const shell = shellDriver(core, undefined, { clock });
    expect(await raise(shell)).toContain(`[Draft statement: /crisis statement ${KEY}]`);

    // The form starts from the plan's holding template, filled from the incident.
    const drafted = await shell.as(erin).type(`/crisis statement ${KEY}`, '', '', 'announcements, website', '', '', '');
    expect(drafted).toContain('? Text (English) (Enter keeps: We are aware of an incident at Plant 2 (Warehouse fire) that began at 2026-11-28 10:00.');
    expect(drafted).toContain(`Statement S1 drafted for ${KEY}; it waits for approval by: Legal counsel, Communications lead.`);
    expect(drafted).toContain(`${ROOM} == Statement S1 (v1) — Holding statement for the public — Draft ==`);
    expect(drafted).toContain(`${ROOM} Channels: crisis-announcements, website`);
    expect(drafted).toContain(`${ROOM} [Approve: /crisis statement ${KEY} approve S1] [Request changes: /crisis statement ${KEY} changes S1] [Edit: /crisis statement ${KEY} edit S1]`);
    expect(drafted).toContain(`[DM @heidi] == Statement S1 of ${KEY} waits for your approval ==`);
    expect(drafted).toContain(`[DM @carol] == Statement S1 of ${KEY} waits for your approval ==`);
    expect(drafted).not.toContain('[DM @erin] == Statement S1');

    expect(await shell.as(erin).type(`/crisis statement ${KEY} approve S1`)).toBe('You wrote S1 (or its latest version) yourself; someone else must approve it.');
    expect(await shell.as(frank).type(`/crisis statement ${KEY} approve S1`)).toBe('S1 needs approval by: Legal counsel, Communications lead; you hold none of these roles.');
    expect(await shell.as(heidi).type(`/crisis statement ${KEY} approve S1`)).toContain(`You approved S1 (v1) of ${KEY}; it still waits for: Communications lead.`);
    expect(await shell.as(carol).type(`/crisis statement ${KEY} publish S1`)).toContain(`S1 of ${KEY} is not approved yet (waiting for: Communications lead)`);

    const asked = await shell.as(carol).type(`/crisis statement ${KEY} changes S1`, '', 'Say when it started');
    expect(asked).toContain('What should change is required');
    expect(asked).toContain(`${ROOM} Changes requested by Carol Placeholder on version 1: Say when it started`);

    const edited = await shell.as(erin).type(`/crisis statement ${KEY} edit S1`, 'We are aware of a fire at Plant 2 since 09:30.', '');
    expect(edited).toContain(`Statement S1 of ${KEY} is now version 2; earlier approvals were cleared.`);
    expect(edited).toContain(`${ROOM} == Statement S1 (v2) — Holding statement for the public — Draft ==`);
    expect(edited).not.toContain(`${ROOM} Approved by:`);
    expect(edited).toContain('[DM @heidi] Holding statement for the public, version 2, drafted by Erin Placeholder.');

    await shell.as(heidi).type(`/crisis statement ${KEY} approve S1`);
    const ready = await shell.as(carol).type(`/crisis statement ${KEY} approve S1`);
    expect(ready).toContain(`Statement S1 (v2) of ${KEY} is approved and can be published.`);
    expect(ready).toContain(`${ROOM} Approved by: Heidi Placeholder (Legal counsel), Carol Placeholder (Communications lead)`);
    expect(ready).toContain(`${ROOM} [Publish: /crisis statement ${KEY} publish S1] [Edit: /crisis statement ${KEY} edit S1]`);

    const published = await shell.as(carol).type(`/crisis statement ${KEY} publish S1`);
    expect(published).toContain(`Statement S1 (v2) of ${KEY} is being published to: crisis-announcements, website.`);
    expect(published).toContain('[#crisis-announcements] == Holding statement ==');
    expect(published.split('\n').filter((l) => l.startsWith('[#crisis-announcements]'))).toEqual([
      '[#crisis-announcements] == Holding statement ==',
      '[#crisis-announcements] We are aware of a fire at Plant 2 since 09:30.',
      expect.stringContaining('[#crisis-announcements] 我们已获悉Plant 2发生的事件'),
    ]);
    expect(published).toContain('[#crisis-announcements] We are aware of a fire at Plant 2 since 09:30.');
    expect(published).toContain(`${ROOM} website: delivered`);
    expect(published).toContain(`${ROOM} crisis-announcements: delivered`);
    expect(published).toContain(`${ROOM} [Correct: /crisis statement ${KEY} correct S1]`);
    // Twice is once: a second press changes nothing and posts nothing.
    expect(await shell.as(carol).type(`/crisis statement ${KEY} publish S1`)).toBe(`S1 of ${KEY} is already Published; nothing changed.`);
    expect(await shell.as(erin).type(`/crisis statement ${KEY} edit S1`)).toContain(`S1 of ${KEY} is Published and is never edited; publish a correction: /crisis statement ${KEY} correct S1`);

    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.verified).toBe(true);
    expect(got.json).toEqual({
      incident: KEY, statement: 'S1', kind: 'holding', audience: 'public', version: 2, published_at: clock.now().toISOString(), drill: false,
      text: { en: 'We are aware of a fire at Plant 2 since 09:30.', 'zh-CN': expect.stringContaining('应急小组正在处置') },
    });

    const s = (await findIncident(t.core.db, KEY))!.statements![0]!;
    expect(s.versions.map((v) => [v.v, v.by.id])).toEqual([[1, 'erin'], [2, 'erin']]);
    expect(s.published).toMatchObject({ v: 2, by: { id: 'carol' } });
    expect(s.publications.map((p) => [p.channel, p.state, p.status])).toEqual([['announcements', 'delivered', undefined], ['website', 'delivered', 200]]);
    const types = (await readTimeline(t.core.db, KEY)).map((e) => e.type).filter((x) => x.startsWith('statement.'));
    expect(types.slice(0, 7)).toEqual(['statement.drafted', 'statement.approved', 'statement.changes_requested', 'statement.edited', 'statement.approved', 'statement.approved', 'statement.published']);
    expect(types.slice(7).sort()).toEqual(['statement.delivered', 'statement.delivered']);

    const list = await shell.type(`/crisis statements ${KEY}`);
    expect(list).toContain('S1 v2 — Holding statement for the public — Published');
    expect(list).toContain('  versions: v1 Erin Placeholder, v2 Erin Placeholder');
    expect(list).toContain('  website: delivered');

    // A correction is a new statement; the published one is superseded, never edited.
    const correction = await shell.as(erin).type(`/crisis statement ${KEY} correct S1`, '', '', 'announcements', 'The fire is out.', '', '');
    expect(correction).toContain(`Statement S2 drafted for ${KEY}`);
    expect(correction).toContain(`${ROOM} Corrects S1`);
    await shell.as(heidi).type(`/crisis statement ${KEY} approve S2`);
    await shell.as(carol).type(`/crisis statement ${KEY} approve S2`);
    const corrected = await shell.as(carol).type(`/crisis statement ${KEY} publish S2`);
    expect(corrected).toContain(`${ROOM} == Statement S1 (v2) — Holding statement for the public — Superseded ==`);
    expect(corrected).toContain(`${ROOM} Superseded by S2`);
    const after = (await findIncident(t.core.db, KEY))!.statements!;
    expect(after.map((x) => [x.id, x.status, x.supersedes, x.supersededBy])).toEqual([['S1', 'superseded', undefined, 'S2'], ['S2', 'published', 'S1', undefined]]);
  });

  it('shows a webhook outage as pending, retries with backoff and delivers once when the receiver is back; a 4xx is a refusal with its status and body', async () => {
    const KEY = day('2026-11-29');
    receiver = await webhookReceiver([503, 503]);
    const refuser = await webhookReceiver([422]);
    const core = withChannels(t.core, [{ id: 'website', webhook: receiver.url }, { id: 'press-list', webhook: refuser.url }]);
    const shell = shellDriver(core, undefined, { clock });
    await raise(shell);
    await shell.as(erin).type(`/crisis statement ${KEY}`, '', 'press', 'website, press-list', '', '', '');
    await shell.as(heidi).type(`/crisis statement ${KEY} approve S1`);
    await shell.as(carol).type(`/crisis statement ${KEY} approve S1`);
    const out = await shell.as(carol).type(`/crisis statement ${KEY} publish S1`);
    expect(out).toContain('website: pending, retrying (HTTP 503)');
    expect(out).toContain('press-list: refused — HTTP 422: statement text missing a field we need');
    // The war room is not held up by the webhook's retries: a fact posts at once.
    expect(await shell.as(erin).type(`/crisis fact ${KEY}`, 'Roof collapsed', '', '', '', '', 'on-site', 'high')).toContain('== Fact F1 added by Erin Placeholder ==');

    const deliver = new Dispatcher(core, new ShellPort(() => undefined, 'en', core.now));
    clock.advance(1500);
    await deliver.drain();
    expect(receiver.attempts()).toBe(2);
    clock.advance(5000);
    await deliver.drain();
    clock.advance(60_000);
    await deliver.drain();
    expect(receiver.attempts()).toBe(3);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.verified).toBe(true);
    expect(refuser.attempts()).toBe(1);
    await refuser.close();

    const s = (await findIncident(t.core.db, KEY))!.statements![0]!;
    expect(s.publications).toEqual([
      expect.objectContaining({ channel: 'website', state: 'delivered', status: 200 }),
      expect.objectContaining({ channel: 'press-list', state: 'refused', status: 422, error: 'HTTP 422: statement text missing a field we need' }),
    ]);
    const events = (await readTimeline(t.core.db, KEY)).filter((e) => e.type.startsWith('statement.') && e.type !== 'statement.approved');
    const types = events.map((e) => e.type);
    // The two channels go out side by side (lanes): their first outcomes in either order.
    expect([...types.slice(0, 2), ...types.slice(2, 4).sort(), types[4]]).toEqual(['statement.drafted', 'statement.published', 'statement.refused', 'statement.retrying', 'statement.delivered']);
  });

  it('publishes a drill only to its war room, marked DRILL', async () => {
    const KEY = day('2026-11-30');
    receiver = await webhookReceiver();
    const core = withChannels(t.core, [{ id: 'website', webhook: receiver.url }]);
    const shell = shellDriver(core, undefined, { clock });
    await raise(shell, 'drill=yes');
    await shell.as(erin).type(`/crisis statement ${KEY}`, '', '', 'announcements, website', '', '', '');
    await shell.as(heidi).type(`/crisis statement ${KEY} approve S1`);
    await shell.as(carol).type(`/crisis statement ${KEY} approve S1`);
    const out = await shell.as(carol).type(`/crisis statement ${KEY} publish S1`);
    expect(out).toContain(`Statement S1 (v1) of ${KEY} is being published to: the war room.`);
    expect(out).toMatch(/\[#inc-20261130-001-warehouse-fire\] == \[DRILL\] Holding statement ==/);
    expect(out).not.toContain('[#crisis-announcements]');
    expect(receiver.attempts()).toBe(0);
  });

  it('names the field of an empty statement, an over-long text and an unknown channel, and keeps what was typed', async () => {
    const KEY = day('2026-12-01');
    const shell = shellDriver(withChannels(t.core, [{ id: 'website', webhook: 'http://127.0.0.1:9/none' }]), undefined, { clock });
    await raise(shell, 'location=""');
    const long = 'x'.repeat(3001);
    const out = await shell.as(erin).type(`/crisis statement ${KEY} rebuttal`, '', 'staff', 'announcements, tv', long, 'Plant 2 stays open.', '', 'Plant 2 is closing', 'announcements');
    expect(out).toContain('Text (English) is 3001 characters long; shorten it to at most 3000.');
    expect(out).toContain("'tv' is not an announcement channel here; use: announcements, website");
    expect(out).toContain(`Statement S1 drafted for ${KEY}; it waits for approval by: Communications lead.`);
    const s = (await findIncident(t.core.db, KEY))!.statements![0]!;
    expect(s).toMatchObject({ kind: 'rebuttal', audience: 'staff', channels: ['announcements'], rumour: 'Plant 2 is closing', versions: [{ text: { en: 'Plant 2 stays open.' } }] });
    const empty = await shell.as(erin).type(`/crisis statement ${KEY} update`, '', '', '', '', '', '');
    expect(empty).toContain('Write the statement in English or Chinese (or both)');
  });
});

describe('the summary report reads the published statements', () => {
  it('lists the public statements in the report and times the first one', async () => {
    const KEY = day('2026-12-02');
    const shell = shellDriver(t.core, undefined, { clock });
    await raise(shell);
    clock.set(new Date('2026-12-02T10:40:00'));
    await shell.as(erin).type(`/crisis statement ${KEY}`, '', 'staff', '', 'Staff only: stay away from Plant 2.', '', '');
    await shell.as(carol).type(`/crisis statement ${KEY} approve S1`);
    await shell.as(carol).type(`/crisis statement ${KEY} publish S1`);
    await shell.as(erin).type(`/crisis statement ${KEY}`, '', 'public', 'announcements', 'We are aware of a fire at Plant 2.', '', '');
    await shell.as(heidi).type(`/crisis statement ${KEY} approve S2`);
    await shell.as(carol).type(`/crisis statement ${KEY} approve S2`);
    clock.set(new Date('2026-12-02T11:00:00'));
    await shell.as(carol).type(`/crisis statement ${KEY} publish S2`);
    const incident = (await findIncident(t.core.db, KEY))!;
    expect(await publishedStatements(t.core, incident)).toEqual([
      { publishedAt: new Date('2026-12-02T11:00:00'), channel: 'announcements', title: 'S2 v1 (update): We are aware of a fire at Plant 2.' },
    ]);
    const model = await buildReport(t.core, KEY);
    expect(model.metrics.firstStatementMs).toBe(60 * 60_000);
  });
});

describe('rumours and their rebuttals', () => {
  it('records a rumour, lists it on the rumours card with Draft rebuttal, and marks it answered once the rebuttal is published', async () => {
    const KEY = day('2026-12-03');
    const ROOM = '[#inc-20261203-001-warehouse-fire]';
    const shell = shellDriver(t.core, undefined, { clock });
    await raise(shell);
    const recorded = await shell.as(frank).type(`/crisis rumour ${KEY}`, 'Plant 2 is closing for good', 'Weibo', '12,000', 'https://weibo.example/123');
    expect(recorded).toContain(`Rumour R1 recorded for ${KEY}`);
    expect(recorded).toContain(`${ROOM} == Rumours — ${KEY} ==`);
    expect(recorded).toContain(`${ROOM} R1 “Plant 2 is closing for good” — seen at Weibo — reach ≈ 12,000 — https://weibo.example/123 — open`);
    expect(recorded).toContain(`${ROOM} [Draft rebuttal to R1: /crisis statement ${KEY} rebuttal R1]`);
    expect(await shell.as(frank).type(`/crisis rumour ${KEY}`, '')).toContain('What the rumour says is required');

    // The card's button is `statement KEY rebuttal R1`: the form starts with the rumour filled in.
    const drafted = await shell.as(erin).type(`/crisis statement ${KEY} rebuttal R1`, '', '', '', 'Plant 2 stays open; production resumes on Monday.', '', '');
    expect(drafted).toContain('? Rumour it answers (R1, or what it says) (Enter keeps: R1)');
    expect(drafted).toContain(`${ROOM} Answers the rumour: R1: Plant 2 is closing for good`);
    await shell.as(heidi).type(`/crisis statement ${KEY} approve S1`);
    await shell.as(carol).type(`/crisis statement ${KEY} approve S1`);
    const published = await shell.as(carol).type(`/crisis statement ${KEY} publish S1`);
    expect(published).toContain(`${ROOM} R1 “Plant 2 is closing for good” — seen at Weibo — reach ≈ 12,000 — https://weibo.example/123 — answered by S1`);
    const incident = (await findIncident(t.core.db, KEY))!;
    expect(incident.rumours!.map((r) => [r.id, r.reach, r.by.id])).toEqual([['R1', 12000, 'frank']]);
    expect(incident.statements![0]).toMatchObject({ kind: 'rebuttal', answers: 'R1' });
    expect(await shell.type(`/crisis timeline ${KEY}`)).toContain('rumour R1 recorded by Frank Placeholder: Plant 2 is closing for good');
    expect(await shell.as(erin).type(`/crisis statement ${KEY} rebuttal R9`)).toBe(`${KEY} has no rumour R9; its rumours: R1`);
  });
});

describe('the stakeholder digest', () => {
  it('holds one message per incident in the digest channel, edited in place as level, status, updates and the next statement due change', async () => {
    const KEY = day('2026-12-04');
    const digest = (core: typeof t.core) => ({ ...core, playbook: { ...core.playbook, statements: { ...core.playbook.statements!, digest: [{ platform: 'shell' as const, workspace: 'local', channel: 'crisis-digest' }] } } });
    const posts = vi.spyOn(ShellPort.prototype, 'post');
    const updates = vi.spyOn(ShellPort.prototype, 'update');
    const core = digest(t.core);
    const shell = shellDriver(core, undefined, { clock });
    const raised = await raise(shell);
    expect(raised).toContain(`[#crisis-digest] == ${KEY}: Warehouse fire ==`);
    expect(raised).toContain('[#crisis-digest] Level: Level 2 — Serious');
    expect(raised).toContain('[#crisis-digest] Status: Identify');
    expect(raised).toContain('[#crisis-digest] Last update: none yet');
    expect(raised).toContain('[#crisis-digest] Next statement due: 2026-12-04 12:00');
    clock.set(new Date('2026-12-04T10:20:00'));
    const updated = await shell.as(alice).type(`/crisis update ${KEY} Fire contained to building 3`);
    expect(updated).toContain('[#crisis-digest] Last update: 2026-12-04 10:20');
    const moved = await shell.as(alice).type(`/crisis phase ${KEY} respond the first checks run alongside`);
    expect(moved).toContain('[#crisis-digest] Status: Respond');
    expect(await shell.as(alice).type(`/crisis level ${KEY} 1`, 'Spreading to building 4')).toContain('[#crisis-digest] Level: Level 1 — Extremely serious');
    await shell.as(erin).type(`/crisis statement ${KEY}`, '', '', '', 'We are aware of a fire at Plant 2.', '', '');
    await shell.as(heidi).type(`/crisis statement ${KEY} approve S1`);
    await shell.as(carol).type(`/crisis statement ${KEY} approve S1`);
    clock.set(new Date('2026-12-04T11:00:00'));
    // Level 1 now: the next public statement is due 2 h after this one.
    expect(await shell.as(carol).type(`/crisis statement ${KEY} publish S1`)).toContain('[#crisis-digest] Next statement due: 2026-12-04 13:00');
    const toDigest = (calls: unknown[][]) => calls.filter((c) => (c[0] as { id?: string; room?: string }).id === 'crisis-digest' || (c[0] as { room?: string }).room === 'crisis-digest').length;
    expect(toDigest(posts.mock.calls)).toBe(1);
    expect(toDigest(updates.mock.calls)).toBeGreaterThanOrEqual(4);
    const incident = (await findIncident(t.core.db, KEY))!;
    expect(incident.digestMessage).toMatchObject({ room: 'crisis-digest' });
    posts.mockRestore();
    updates.mockRestore();
  });
});
