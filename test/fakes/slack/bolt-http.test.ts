// A real Bolt App in HTTP mode, driven by the fake's signed requests and calling back into the fake.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { ModalView } from '@slack/web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './index.ts';

const SECRET = 'fake-signing-secret';
let fake: FakeSlack;
let app: App;
let url = '';
const seen: Record<string, unknown> = {};
const modal: ModalView = {
  type: 'modal', callback_id: 'raise', notify_on_close: true, title: { type: 'plain_text', text: 'Raise incident' },
  submit: { type: 'plain_text', text: 'Raise' },
  blocks: [
    { type: 'input', block_id: 'title', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'text' } },
    { type: 'input', block_id: 'sev', label: { type: 'plain_text', text: 'Severity' }, element: {
      type: 'static_select', action_id: 'pick', options: ['SEV1', 'SEV2'].map((s) => ({ text: { type: 'plain_text', text: s }, value: s })) } },
  ],
};

beforeAll(async () => {
  fake = await startFakeSlack();
  app = new App({
    token: fake.botToken, signingSecret: SECRET, botId: fake.botId, botUserId: fake.botUserId, logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    processBeforeResponse: true, // the HTTP answer waits for the listener: assertions need no polling
  });
  app.command('/crisis', async ({ ack, body, client, respond, context }) => {
    await ack();
    seen.command = body;
    seen.retryNum = context.retryNum;
    seen.opened = await client.views.open({ trigger_id: body.trigger_id, view: modal });
    await respond({ response_type: 'ephemeral', text: 'Opening the form…' });
  });
  app.action('ack', async ({ ack, body }) => {
    await ack();
    seen.action = body;
  });
  app.view('raise', async ({ ack, view }) => {
    const title = view.state.values.title?.text?.value ?? '';
    seen.submitted = view.state.values;
    await (title.length < 3 ? ack({ response_action: 'errors', errors: { title: 'Too short' } }) : ack());
  });
  app.view({ type: 'view_closed', callback_id: 'raise' }, async ({ ack, body }) => {
    await ack();
    seen.closed = body;
  });
  const server = (await app.start(0)) as Server;
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

it('a signed slash command reaches the handler, whose views.open uses the issued trigger id', async () => {
  const res = await fake.sendSlashCommand(url, SECRET, { text: 'raise db down', user_id: 'U0WEI' }, { retryNum: 1, retryReason: 'http_timeout' });
  expect(res.status).toBe(200);
  const body = seen.command as Record<string, string>;
  expect(body).toMatchObject({ command: '/crisis', text: 'raise db down', user_id: 'U0WEI', user_name: 'wei', team_id: fake.teamId });
  expect(seen.retryNum).toBe(1);
  const call = fake.callsTo('views.open')[0];
  expect(call).toMatchObject({ ok: true, args: { trigger_id: body.trigger_id, view: { callback_id: 'raise' } } });
  expect(seen.opened).toMatchObject({ ok: true, view: { callback_id: 'raise' } });
  expect(fake.responses).toEqual([expect.objectContaining({ body: expect.objectContaining({ text: 'Opening the form…' }) })]);
  expect(body.response_url).toContain(fake.responses[0]?.id);
});

it('a wrong signature or a stale timestamp gets 401', async () => {
  expect((await fake.sendSlashCommand(url, SECRET, {}, { badSignature: true })).status).toBe(401);
  expect((await fake.sendSlashCommand(url, SECRET, {}, { stale: true })).status).toBe(401);
  expect(fake.callsTo('views.open')).toHaveLength(1);
});

it('block_actions built from a message the fake holds reaches the action handler', async () => {
  const blocks = [{ type: 'actions', block_id: 'triage', elements: [{ type: 'button', action_id: 'ack', value: 'inc-7', text: { type: 'plain_text', text: 'Ack' } }] }];
  const { ts, channel } = await app.client.chat.postMessage({ channel: 'U0ALICE', text: 'SEV1', blocks });
  const payload = fake.buttonClick({ channel: channel ?? '', ts: ts ?? '', action_id: 'ack', user: 'U0ALICE' });
  expect((await fake.sendInteraction(url, SECRET, payload)).status).toBe(200);
  expect(seen.action).toMatchObject({
    type: 'block_actions', user: { id: 'U0ALICE' }, container: { type: 'message', message_ts: ts, channel_id: channel },
    message: { ts, blocks }, actions: [{ action_id: 'ack', block_id: 'triage', value: 'inc-7', type: 'button' }],
  });
});

it('view_submission: ack with errors comes back in the HTTP response; view_closed reaches its handler', async () => {
  const viewId = (seen.opened as { view: { id: string } }).view.id;
  const bad = await fake.sendInteraction(url, SECRET, fake.viewSubmission({ view_id: viewId, values: { title: { text: 'db' } } }));
  expect(bad).toMatchObject({ status: 200, body: { response_action: 'errors', errors: { title: 'Too short' } } });
  expect(seen.submitted).toEqual({ title: { text: { type: 'plain_text_input', value: 'db' } }, sev: { pick: { type: 'static_select', selected_option: null } } });
  const good = await fake.sendInteraction(url, SECRET, fake.viewSubmission({ view_id: viewId, values: { title: { text: 'DB down' }, sev: { pick: 'SEV1' } } }));
  expect(good.status).toBe(200);
  expect(good.body).toBe('');
  expect(seen.submitted).toMatchObject({ sev: { pick: { selected_option: { value: 'SEV1' } } } });
  expect((await fake.sendInteraction(url, SECRET, fake.viewClosed({ view_id: viewId }))).status).toBe(200);
  expect(seen.closed).toMatchObject({ type: 'view_closed', view: { id: viewId, callback_id: 'raise' } });
});
