// A real Bolt App over Socket Mode (SocketModeReceiver, undici WebSocket) against the fake's ws server.
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeSlack, startFakeSlack } from './index.ts';
import { webClient } from './test-helpers.ts';

let fake: FakeSlack;
let app: App;
const retries: unknown[] = [];

beforeAll(async () => {
  fake = await startFakeSlack({ ackTimeoutMs: 1000 });
  const receiver = new SocketModeReceiver({
    appToken: fake.appToken, clientPingTimeout: 300, logLevel: LogLevel.ERROR,
    installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl } },
  });
  app = new App({
    receiver, token: fake.botToken, botId: fake.botId, botUserId: fake.botUserId, logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/crisis', async ({ ack, command, context }) => {
    retries.push(context.retryNum);
    await ack({ response_type: 'ephemeral', text: `got ${command.text}` });
  });
  app.event('app_mention', async () => undefined);
  await app.start();
});
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

it('connects with the app token, receives a slash_commands envelope and acks it with the response body', async () => {
  expect(fake.callsTo('apps.connections.open')).toMatchObject([{ ok: true, token: fake.appToken }]);
  expect(fake.socketMode.connections).toBe(1);
  const ack = await fake.socketMode.sendEnvelope('slash_commands', fake.slashCommand({ text: 'raise' }), { retry_attempt: 2, retry_reason: 'timeout' });
  expect(ack).toMatchObject({ envelope_id: expect.any(String), payload: { response_type: 'ephemeral', text: 'got raise' } });
  expect(retries).toEqual([2]);
  const eventAck = await fake.socketMode.sendEnvelope('events_api', fake.eventCallback({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> hi', channel: 'C0GENERAL' }));
  expect(eventAck.envelope_id).toBeTruthy();
});

it('an unhandled envelope is never acked: sendEnvelope rejects after the ack deadline', async () => {
  await expect(fake.socketMode.sendEnvelope('interactive', fake.shortcut({ callback_id: 'nobody' }))).rejects.toThrow(/no ack/);
});

it('disconnect(refresh_requested) makes the client reconnect through apps.connections.open', async () => {
  fake.socketMode.disconnect('refresh_requested');
  await vi.waitFor(() => {
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    expect(fake.socketMode.connections).toBe(1);
  }, { timeout: 5000, interval: 50 });
  expect(fake.socketMode.totalConnections).toBe(2);
  const ack = await fake.socketMode.sendEnvelope('slash_commands', fake.slashCommand({ text: 'again' }));
  expect(ack.payload).toMatchObject({ text: 'got again' });
});

it('tickets are single use; the hello message carries num_connections and the app id', async () => {
  const { url } = await webClient(fake, {}, fake.appToken).apps.connections.open();
  const ws = new WebSocket(url ?? '');
  const hello = await new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
  expect(hello).toMatchObject({ type: 'hello', num_connections: 2, connection_info: { app_id: fake.appId } });
  ws.close();
  const again = new WebSocket(url ?? '');
  const status = await new Promise((resolve) => again.once('unexpected-response', (_req, res) => resolve(res.statusCode)));
  expect(status).toBe(401);
});
