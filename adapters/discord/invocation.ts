import type { Client, Interaction } from 'discord.js';
import type { Invocation } from '../../commands/types.ts';
import type { Core } from '../../src/core.ts';
import { supportedLocale } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { apiCode } from './errors.ts';

/** The reader's language: their Discord client's, then their server's, then CRISIS_LOCALE. */
export const localeOf = (i: { locale: string; guildLocale: string | null }, fallback: Locale): Locale =>
  supportedLocale(i.locale) ?? supportedLocale(i.guildLocale) ?? fallback;

function displayName(i: Interaction): string {
  const m = i.member;
  if (m && 'displayName' in m) return m.displayName;
  return (m && 'nick' in m && m.nick) || i.user.globalName || i.user.username;
}

/** An interaction in neutral terms; the workspace is the guild, so each guild has its own incidents. */
export function invocationOf(i: Interaction, fallback: Locale): Omit<Invocation, 'args'> {
  return {
    platform: 'discord',
    workspace: i.guildId ?? `dm:${i.user.id}`,
    room: i.channelId ?? undefined,
    user: { id: i.user.id, name: displayName(i) },
    locale: localeOf(i, fallback),
  };
}

const INCIDENT_KEY = /INC-\d{8}-\d{3,}/;

/** Unknown Member / Unknown User: not in that guild. Anything else (Discord unreachable) is an error, not an answer. */
function notAMember(err: unknown): undefined {
  if ([10007, 10013].includes(apiCode(err) ?? 0)) return undefined;
  throw err;
}

/**
 * An interaction in a DM with the bot (a button on the assessment invite or an overdue-step
 * alert, a form opened from one) carries no guild. The incident it names says which guild it
 * belongs to; it counts there only if the person is a member of that guild, and is answered as
 * if typed in no room of it. Anything else is left as it was (and the command finds no incident).
 */
export async function placeInGuild(client: Client<true>, core: Core, i: Interaction, inv: Omit<Invocation, 'args'>, hint: string | undefined): Promise<Omit<Invocation, 'args'>> {
  if (i.inGuild()) return inv;
  const key = hint?.toUpperCase().match(INCIDENT_KEY)?.[0];
  const incident = key ? await findIncident(core.db, key) : null;
  if (!incident || incident.platform !== 'discord') return inv;
  const guild = client.guilds.cache.get(incident.workspace);
  const member = guild && (guild.members.cache.get(i.user.id) ?? (await guild.members.fetch(i.user.id).catch(notAMember)));
  if (!guild || !member) return inv;
  return { ...inv, workspace: guild.id, room: undefined, user: { id: i.user.id, name: member.displayName } };
}
