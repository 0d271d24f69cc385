import type { Interaction } from 'discord.js';
import type { Invocation } from '../../commands/types.ts';
import { supportedLocale } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';

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
