// Socket Mode end to end: the adapter connects with the app token (apps.connections.open), the fake
// pushes envelopes over the websocket and reads the acks, Web API calls go to the fake over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDb } from '../../support/core.ts';
import { type Harness, startHarness } from './harness.ts';
import { warRoomFlow } from './war-room-flow.ts';

let db: Awaited<ReturnType<typeof startTestDb>>;
let h: Harness;

beforeAll(async () => {
  db = await startTestDb();
  h = await startHarness(db, { mode: 'socket' });
});
afterAll(async () => {
  await h?.stop();
  await db?.stop();
});

describe('Slack over Socket Mode', () => {
  it('connects with the app token and serves /healthz on PORT without /slack/events', async () => {
    expect(h.fake.callsTo('apps.connections.open')).toMatchObject([{ ok: true, token: h.fake.appToken }]);
    expect(h.fake.socketMode.connections).toBe(1);
    const port = (h.slack.server?.address() as { port: number }).port;
    expect(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status)).toBe(200);
    expect(await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' }).then((r) => r.status)).toBe(404);
  });

  it('raises from /crisis through the modal into a war room, ticks a step once for two clicks, and shows status in the room', async () => {
    await warRoomFlow(h);
  });
});
