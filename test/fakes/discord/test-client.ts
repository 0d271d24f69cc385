// Shared helper for the fake's own tests: a real discord.js client pointed at the fake.
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type TextChannel } from 'discord.js';
import { afterEach } from 'vitest';
import { IDS } from './payloads.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './server.ts';

export function newClient(fake: FakeDiscord): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    rest: { api: fake.apiUrl, retries: 0 },
    waitGuildTimeout: 500,
  });
}

/** Logs in and resolves on `clientReady` (login() alone can resolve before the guilds arrive). */
export async function connect(fake: FakeDiscord, token = fake.token): Promise<Client<true>> {
  const client = newClient(fake);
  const ready = once(client, Events.ClientReady);
  await client.login(token);
  await ready;
  return client as Client<true>;
}

/**
 * For a test file: `setup(opts)` starts a fake and a connected client (plus the default
 * #general channel); both are stopped after each test.
 */
export function useFakeDiscord() {
  let fake: FakeDiscord | undefined;
  let client: Client<true> | undefined;
  afterEach(async () => {
    await client?.destroy();
    await fake?.stop();
    client = fake = undefined;
  });
  return async (opts: FakeDiscordOptions = {}): Promise<[FakeDiscord, Client<true>, TextChannel]> => {
    fake = await startFakeDiscord(opts);
    client = await connect(fake);
    return [fake, client, client.channels.cache.get(IDS.general) as TextChannel];
  };
}
