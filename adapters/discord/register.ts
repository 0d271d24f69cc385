import { REST, Routes, type APIApplication } from 'discord.js';
import type { Config } from '../../src/config.ts';
import { restBase } from './api-url.ts';
import { crisisCommands } from './commands.ts';
import { inviteUrl, permissionInteger } from './permissions.ts';

export type Registration = {
  applicationId: string;
  /** The guild registered in, or undefined for a global registration. */
  guildId?: string;
  commands: string[];
  permissions: string;
  inviteUrl: string;
};

/**
 * Registers `/crisis` (bulk overwrite, so running it again is harmless): for one guild when
 * DISCORD_GUILD_ID is set — immediate, good for trying it out — otherwise globally.
 */
export async function registerCommands(config: Config): Promise<Registration> {
  const d = config.discord;
  if (!d) throw new Error('DISCORD_TOKEN is not set; set it (and DISCORD_APPLICATION_ID) to register the /crisis command');
  const api = restBase(d.apiUrl);
  // No sweepers: this client makes two calls and the process moves on.
  const rest = new REST({ ...(api ? { api } : {}), handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(d.token);
  const applicationId = d.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const body = crisisCommands();
  await rest.put(d.guildId ? Routes.applicationGuildCommands(applicationId, d.guildId) : Routes.applicationCommands(applicationId), { body });
  return {
    applicationId,
    guildId: d.guildId,
    commands: body.flatMap((c) => ('options' in c ? (c.options ?? []).map((o) => `/${c.name} ${o.name}`) : [`/${c.name}`])),
    permissions: permissionInteger().toString(),
    inviteUrl: inviteUrl(applicationId),
  };
}
