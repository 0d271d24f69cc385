// The whole Slack journey of one incident, shared by the HTTP-mode and Socket-Mode tests:
// slash command -> modal -> submit with an error -> fix -> war room -> two Done clicks -> status.
import { expect } from 'vitest';
import { validateView } from '../../fakes/slack/index.ts';
import { type Harness, KEY, OPS, pickerValue, shown, textsOf } from './harness.ts';

const ROOM = 'inc-20261128-001-warehouse-fire';
type View = { title: { text: string }; blocks: { type: string; block_id?: string; element?: Record<string, unknown> }[] };

export async function warRoomFlow(h: Harness): Promise<void> {
  const { fake } = h;

  // 1. /crisis raise opens the modal: title prefilled, every field there, in the user's language.
  const ack = await h.command('raise Warehouse fire, building 3');
  expect(ack.status).toBe(200);
  await h.settled();
  expect(fake.callsTo('users.info')[0]?.args).toMatchObject({ user: 'U0ALICE', include_locale: 'true' });
  const open = fake.callsTo('views.open');
  expect(open).toHaveLength(1);
  expect(open[0]).toMatchObject({ ok: true });
  const modal = open[0]!.args.view as View;
  expect(modal.title.text).toBe('Raise a crisis');
  const inputs = Object.fromEntries(modal.blocks.filter((b) => b.type === 'input').map((b) => [b.block_id, b.element]));
  expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['title', 'type', 'description', 'location', 'started_at', 'people_affected', 'casualties', 'media_attention']));
  expect(inputs.title).toMatchObject({ type: 'plain_text_input', initial_value: 'Warehouse fire, building 3' });
  expect(inputs.type).toMatchObject({ type: 'static_select' });
  expect(inputs.started_at).toMatchObject({ type: 'datetimepicker' });
  expect(inputs.description).toMatchObject({ multiline: true });
  expect(JSON.stringify(inputs.type)).toContain('safety-accident');

  // 2. A wrong value comes back as an error on its field; nothing is recorded.
  const values = {
    title: 'Warehouse fire, building 3',
    type: 'safety-accident',
    description: 'Smoke in the north wing',
    location: 'Building 3',
    started_at: pickerValue(h, 30),
    people_affected: 'abc',
  };
  const bad = await h.submit(values);
  expect(bad.status).toBe(200);
  expect(bad.body).toMatchObject({ response_action: 'errors', errors: { people_affected: expect.stringContaining('whole number') } });
  expect(Object.keys((bad.body as { errors: object }).errors)).toEqual(['people_affected']);
  expect(await h.incident()).toBeNull();

  // 3. Fixed: the modal turns into the answer, and says what is still being set up.
  const good = await h.submit({ ...values, people_affected: '12' });
  const answer = (good.body as { response_action: string; view: View }).view;
  expect(good.body).toMatchObject({ response_action: 'update' });
  expect(validateView(answer)).toEqual([]);
  expect(shown(answer.blocks)).toContain(`${KEY} raised: Warehouse fire, building 3`);
  expect(shown(answer.blocks)).toContain('Setting up in Slack now');
  const incident = await h.incident();
  expect(incident).toMatchObject({ level: 2, platform: 'slack', workspace: fake.teamId, reporter: { id: 'U0ALICE' }, replyTo: { room: OPS } });
  expect(incident?.startedAt.getTime()).toBe(pickerValue(h, 30) * 1000);
  await h.settled();

  // 4. The war room: private channel (level 2), members invited, summary pinned, checklist posted.
  const create = fake.callsTo('conversations.create');
  expect(create).toHaveLength(1);
  expect(create[0]?.args).toMatchObject({ name: ROOM, is_private: 'true' });
  const room = [...fake.channels.values()].find((c) => c.name === ROOM)!;
  expect(room.is_private).toBe(true);
  // Roster ids unknown to this workspace are skipped; everyone else is in.
  expect([...room.members].sort()).toEqual(['U000PLACEHOLDER1', 'U000PLACEHOLDER2', 'U000PLACEHOLDER3', 'U000PLACEHOLDER4', 'U000PLACEHOLDER5', 'U0ALICE', 'U0BOT']);
  expect(fake.callsTo('conversations.invite')[0]).toMatchObject({ ok: false, error: 'user_not_found' });

  const posted = h.messages(room.id);
  // Found by its own title: a refused assessment-team DM, posted in the room at the same stage, quotes it too.
  const summary = posted.find((m) => m.text.startsWith(`${KEY}: Warehouse fire, building 3`))!;
  expect(summary).toBeDefined();
  expect(room.pins.has(summary.ts)).toBe(true);
  expect(shown(summary.blocks)).toMatch(/<!date\^\d{10}\^\{date_short_pretty\} \{time\}\|2026-11-28 \d\d:\d\d UTC>/);
  expect(shown(summary.blocks)).toContain('<@U0ALICE>');
  const pages = posted.filter((m) => shown(m.blocks).includes(`Checklist ${KEY}`));
  expect(pages.map((m) => textsOf(m.blocks)[0]?.text)).toEqual([`Checklist ${KEY} (1/2)`, `Checklist ${KEY} (2/2)`]);
  for (const page of pages) expect(page.blocks!.length).toBeLessThanOrEqual(50);
  const first = pages[0]!;
  expect(shown(first.blocks)).toContain('*Identify*');
  const buttons = JSON.stringify(first.blocks).match(/"action_id":"step\.done:\d+"/g) ?? [];
  expect(buttons).toHaveLength(10);
  expect(new Set(buttons).size).toBe(10);
  expect(fake.callsTo('chat.postMessage').every((c) => c.args.unfurl_links === 'false')).toBe(true);
  const stored = await h.incident();
  expect(stored).toMatchObject({ room: { id: room.id, name: ROOM }, summaryMessage: { id: summary.ts }, checklistMessages: [{ id: pages[0]!.ts }, { id: pages[1]!.ts }] });

  // The reporter hears, where they typed the command, that the room is ready and where it is.
  const confirmation = fake.ephemerals.filter((e) => e.user === 'U0ALICE' && e.channel === OPS);
  expect(confirmation).toHaveLength(1);
  expect(shown(confirmation[0]!.blocks)).toContain(`<#${room.id}>`);

  // 5. Two people click Done on step 1 at the same moment: one change, one entry, one update.
  const doneId = JSON.parse(JSON.stringify(first.blocks)).find((b: { accessory?: { value?: string } }) => b.accessory?.value === `${KEY}:1`).accessory.action_id as string;
  const clicks = await Promise.all(['U0ALICE', 'U000PLACEHOLDER1'].map((user) => h.interact(fake.buttonClick({ channel: room.id, ts: first.ts, action_id: doneId, user }))));
  expect(clicks.map((c) => c.status)).toEqual([200, 200]);
  await h.settled();
  const updates = fake.callsTo('chat.update');
  expect(updates).toHaveLength(1);
  expect(updates[0]).toMatchObject({ ok: true, args: { channel: room.id, ts: first.ts } });
  expect((await h.timeline()).filter((e) => e.type === 'step.done')).toHaveLength(1);
  const updated = fake.state.findMessage(room.id, first.ts)!;
  expect(shown(updated.blocks)).toMatch(/☑ 1\. .+ done by (alice|roster1)/);
  expect(JSON.stringify(updated.blocks)).toContain('"action_id":"step.reopen:1"');

  // 6. /crisis status inside the war room shows this incident, only to the person who asked.
  const before = fake.responses.length;
  await h.command('status', 'U0ALICE', room.id);
  await h.settled();
  const status = fake.responses.slice(before).map((r) => r.body as { response_type: string; blocks: unknown });
  expect(status.length).toBeGreaterThan(0);
  expect(status.every((s) => s.response_type === 'ephemeral')).toBe(true);
  expect(shown(status[0]!.blocks)).toContain(`${KEY}: Warehouse fire, building 3`);
  expect(shown(status.map((s) => s.blocks))).toContain('1 of 14 steps done');
}
