// Trigger ids (issued by the fake, 3 s lifetime, single use) and the view lifecycle, on a fake clock.
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './index.ts';
import { errorOf, webClient } from './test-helpers.ts';

let clock = 1_764_350_000_000;
let fake: FakeSlack;
let client: WebClient;
const view = (title = 'Raise incident', extra = {}) => ({ type: 'modal', title: { type: 'plain_text', text: title }, blocks: [], ...extra }) as never;

beforeAll(async () => {
  fake = await startFakeSlack({ now: () => clock });
  client = webClient(fake);
});
afterAll(() => fake.stop());

it('trigger ids expire after 3000 ms, are single use, and must be known', async () => {
  const late = fake.issueTriggerId();
  clock += 3001;
  expect(await errorOf(client.views.open({ trigger_id: late, view: view() }))).toBe('expired_trigger_id');
  const t = fake.issueTriggerId();
  clock += 3000;
  const res = await client.views.open({ trigger_id: t, view: view('Raise', { callback_id: 'raise', external_id: 'inc-1' }) });
  expect(res.view).toMatchObject({ type: 'modal', callback_id: 'raise', root_view_id: res.view?.id, app_id: fake.appId });
  expect(res.view?.id).toMatch(/^V/);
  expect(fake.views.get(res.view?.id ?? '')).toMatchObject({ trigger_id: t, external_id: 'inc-1' });
  expect(await errorOf(client.views.open({ trigger_id: t, view: view() }))).toBe('exchanged_trigger_id');
  expect(await errorOf(client.views.open({ trigger_id: '123.456.abc', view: view() }))).toBe('invalid_trigger_id');
  expect(await errorOf(client.views.open({ trigger_id: fake.issueTriggerId(), view: view('Dup', { external_id: 'inc-1' }) }))).toBe('duplicate_external_id');
});

it('views.update checks hash; views.push stacks up to 3 views', async () => {
  const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: view() });
  const id = opened.view?.id ?? '';
  const hash = opened.view?.hash ?? '';
  const updated = await client.views.update({ view_id: id, hash, view: view('Step 2') });
  expect(updated.view).toMatchObject({ id, title: { text: 'Step 2' } });
  expect(updated.view?.hash).not.toBe(hash);
  expect(await errorOf(client.views.update({ view_id: id, hash, view: view() }))).toBe('hash_conflict');
  expect(await errorOf(client.views.update({ view_id: 'V0NOPE', view: view() }))).toBe('not_found');
  const p1 = await client.views.push({ trigger_id: fake.issueTriggerId({ viewId: id }), view: view('Two') });
  expect(p1.view).toMatchObject({ root_view_id: id, previous_view_id: id });
  await client.views.push({ trigger_id: fake.issueTriggerId({ viewId: id }), view: view('Three') });
  expect(await errorOf(client.views.push({ trigger_id: fake.issueTriggerId({ viewId: id }), view: view('Four') }))).toBe('push_limit_reached');
});

it("a view_submission carries only text Slack's client lets through: within max_length and min_length", async () => {
  const input = { type: 'input', block_id: 'what', label: { type: 'plain_text', text: 'What' }, element: { type: 'plain_text_input', action_id: 'what', max_length: 10, min_length: 2 } };
  const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: view('Fact', { blocks: [input], submit: { type: 'plain_text', text: 'Save' } }) });
  const id = opened.view?.id ?? '';
  const state = (p: Record<string, unknown>) => (p.view as { state: { values: Record<string, Record<string, { value: unknown }>> } }).state.values.what?.what?.value;
  expect(state(fake.viewSubmission({ view_id: id, values: { what: { what: 'x'.repeat(10) } } }))).toBe('x'.repeat(10));
  expect(state(fake.viewSubmission({ view_id: id }))).toBeNull();
  expect(() => fake.viewSubmission({ view_id: id, values: { what: { what: 'x'.repeat(11) } } })).toThrow(/what holds 11 characters.+max_length 10/);
  expect(() => fake.viewSubmission({ view_id: id, values: { what: { what: 'x' } } })).toThrow(/min_length 2/);
});

it('an input left untouched submits its initial value, whatever its kind', async () => {
  const input = (block_id: string, element: Record<string, unknown>) => ({ type: 'input', block_id, label: { type: 'plain_text', text: block_id }, element: { action_id: block_id, ...element } });
  const blocks = [
    input('text', { type: 'plain_text_input', initial_value: 'Roof collapsed' }),
    input('pick', { type: 'static_select', options: [{ text: { type: 'plain_text', text: 'High' }, value: 'high' }], initial_option: { text: { type: 'plain_text', text: 'High' }, value: 'high' } }),
    input('at', { type: 'datetimepicker', initial_date_time: 1795859400 }),
    input('day', { type: 'datepicker', initial_date: '2026-11-28' }),
    input('who', { type: 'users_select', initial_user: 'U0WEI' }),
    input('blank', { type: 'datetimepicker' }),
  ];
  const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: view('Correct', { blocks, submit: { type: 'plain_text', text: 'Save' } }) });
  const payload = fake.viewSubmission({ view_id: opened.view?.id ?? '', values: { day: { day: '2026-11-27' } } });
  expect((payload.view as { state: unknown }).state).toEqual({
    values: {
      text: { text: { type: 'plain_text_input', value: 'Roof collapsed' } },
      pick: { pick: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'High' }, value: 'high' } } },
      at: { at: { type: 'datetimepicker', selected_date_time: 1795859400 } },
      day: { day: { type: 'datepicker', selected_date: '2026-11-27' } },
      who: { who: { type: 'users_select', selected_user: 'U0WEI' } },
      blank: { blank: { type: 'datetimepicker', selected_date_time: null } },
    },
  });
});
