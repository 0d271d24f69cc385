// Shared helper for the fake's own tests: a real discord.js client pointed at the fake.
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { FakeDiscord } from './server.ts';

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
