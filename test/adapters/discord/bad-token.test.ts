import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../../adapters/discord/index.ts';
import { StartupError } from '../../../src/app.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { pino } from 'pino';
import { discordConfig } from './support.ts';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord({ token: 'RIGHT.token' });
});
afterAll(async () => fake?.stop());

describe('Discord: a wrong DISCORD_TOKEN', () => {
  it('stops start-up with a message saying which variable to fix, and leaves no connection open', async () => {
    const core = { db: undefined as never, playbook: await loadDefaultPlaybook(), now: () => new Date(), locale: 'en' as const, log: pino({ level: 'silent' }) };
    const config = { ...discordConfig(fake), discord: { token: 'WRONG.token', apiUrl: fake.apiUrl } };
    const started = startDiscord({ core, close: async () => {} }, config);
    await expect(started).rejects.toBeInstanceOf(StartupError);
    await expect(started).rejects.toThrow(/DISCORD_TOKEN/);
    expect(fake.callsTo('GET', '/gateway/bot').map((c) => c.status)).toEqual([401]);
    expect(fake.gateway.connections).toEqual([]);
  });
});
