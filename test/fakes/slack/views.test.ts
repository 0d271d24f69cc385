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
