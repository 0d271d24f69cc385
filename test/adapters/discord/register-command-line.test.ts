import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionInteger } from '../../../adapters/discord/permissions.ts';
import { registerCommands } from '../../../adapters/discord/register.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.ts';
import { runCli } from '../../support/cli.ts';
import { discordConfig } from './support.ts';

const cli = (args: string[], env: Record<string, string>) => runCli(args, { env });

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => fake?.stop());

// Starts a real process (tsx); on two busy cores that takes a while.
describe('crisis-bot discord-register', { timeout: 120_000 }, () => {
  it('registers /crisis in the guild named by DISCORD_GUILD_ID and prints the permission integer and invite URL; globally without it', async () => {
    const env = { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl };
    const guild = await cli(['discord-register'], { ...env, DISCORD_GUILD_ID: fake.guildId });
    expect(guild.stderr).toBe('');
    expect(guild.code).toBe(0);
    expect(guild.stdout).toContain(`in guild ${fake.guildId}`);
    expect(guild.stdout).toContain(`Bot permissions integer: ${permissionInteger()}`);
    expect(guild.stdout).toContain(`Invite URL: https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=${permissionInteger()}`);
    expect(fake.state.guildCommands.get(fake.guildId)?.map((c) => c.name)).toEqual(['crisis']);

    // Without a guild: globally, and the application id is looked up when not given (in-process: the CLI start-up is slow).
    const global = await registerCommands({ ...discordConfig(fake), discord: { token: fake.token, apiUrl: `${fake.apiUrl}/v10/` } });
    expect(global).toMatchObject({ applicationId: fake.applicationId, guildId: undefined });
    expect(fake.state.globalCommands.map((c) => c.name)).toEqual(['crisis']);
    expect(fake.callsTo('GET', '/applications/@me')).toHaveLength(1);
  });
});
