import { Events, type Client, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDS, startFakeDiscord, type FakeDiscord } from './index.ts';
import { connect, newClient } from './test-client.ts';

let fake: FakeDiscord | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  await fake?.stop();
  client = fake = undefined;
});

describe('fake Discord gateway with discord.js', () => {
  it('reaches clientReady with the guild available and its channels, roles and bot member cached', async () => {
    fake = await startFakeDiscord();
    client = await connect(fake);
    const guild = client.guilds.cache.get(IDS.guild);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(IDS.general)?.name).toBe('general');
    expect(guild?.channels.cache.get(IDS.incidents)?.type).toBe(4);
    expect(guild?.roles.everyone.id).toBe(IDS.guild);
    expect(guild?.members.me?.permissions.has('ManageChannels')).toBe(true);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    // Handshake as recorded from discord.js: GET /gateway/bot, then IDENTIFY with intents 4609, no compression.
    expect(fake.callsTo('GET', '/gateway/bot')).toHaveLength(1);
    const identify = fake.gateway.frames.find((f) => f.dir === 'in' && f.op === 2);
    expect(identify?.d).toMatchObject({ token: '[redacted]', intents: 4609, compress: false, shard: [0, 1] });
    expect(fake.gateway.connections[0]).toBe('/gateway?v=10&encoding=json');
    expect(fake.gateway.frames.filter((f) => f.dir === 'out' && f.op === 0).map((f) => f.t)).toEqual(['READY', 'GUILD_CREATE']);
  });

  it('rejects login with a bad token (GET /gateway/bot answers 401)', async () => {
    fake = await startFakeDiscord({ token: 'RIGHT.token' });
    client = newClient(fake);
    await expect(client.login('WRONG.token')).rejects.toThrow(/TokenInvalid|invalid token/i);
    expect(fake.callsTo('GET', '/gateway/bot')[0]?.status).toBe(401);
  });

  it('closes with 4004 "Authentication failed" when IDENTIFY carries a wrong token', async () => {
    fake = await startFakeDiscord();
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const closed = new Promise<[number, string]>((resolve) => ws.on('close', (code, reason) => resolve([code, reason.toString()])));
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { op: number };
      if (msg.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 1, properties: {} } }));
    });
    expect(await closed).toEqual([4004, 'Authentication failed.']);
  });

  it('acknowledges heartbeats (op 1 -> op 11)', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 100 });
    client = await connect(fake);
    await vi.waitFor(() => expect(fake?.gateway.frames.some((f) => f.dir === 'out' && f.op === 11)).toBe(true), { timeout: 2000 });
    // d = last sequence seen (null if the jittered first beat precedes READY)
    await vi.waitFor(() => expect(fake?.gateway.frames.some((f) => f.dir === 'in' && f.op === 1 && f.d === 2)).toBe(true), { timeout: 2000 });
    await vi.waitFor(() => expect(client?.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 2000 });
  });

  it('resumes after disconnect(4000) and delivers an interaction dispatched meanwhile exactly once', async () => {
    fake = await startFakeDiscord();
    client = await connect(fake);
    const seen: Interaction[] = [];
    client.on(Events.InteractionCreate, (i) => seen.push(i));
    const resumed = new Promise<void>((resolve) => client?.once(Events.ShardResume, () => resolve()));
    await fake.disconnect(4000);
    const { id } = fake.dispatchInteraction({ kind: 'slash', subcommand: 'status' });
    await resumed;
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.id).toBe(id);
    const resume = fake.gateway.frames.find((f) => f.dir === 'in' && f.op === 6);
    expect(resume?.d).toMatchObject({ token: '[redacted]', seq: 2, session_id: [...fake.gateway.sessions.keys()][0] });
    expect(fake.gateway.connections[1]).toBe('/resume?v=10&encoding=json');
    expect(fake.gateway.frames.filter((f) => f.dir === 'in' && f.op === 2)).toHaveLength(1); // no re-IDENTIFY
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(1);
  });
});
