import { PermissionFlagsBits } from 'discord.js';
import { t, type MessageKey } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';

/** The permissions the bot asks for, each with the reason it needs it. */
export const BOT_PERMISSIONS = {
  ViewChannel: PermissionFlagsBits.ViewChannel, // see the channels it posts in
  SendMessages: PermissionFlagsBits.SendMessages, // war-room summary, checklist, notices
  EmbedLinks: PermissionFlagsBits.EmbedLinks, // the summary and checklist are embeds
  ReadMessageHistory: PermissionFlagsBits.ReadMessageHistory, // granted to members of private war rooms
  ManageChannels: PermissionFlagsBits.ManageChannels, // create the "Crisis" category and the war rooms
  ManageRoles: PermissionFlagsBits.ManageRoles, // add people to a private war room (channel permission overwrites)
  PinMessages: PermissionFlagsBits.PinMessages, // pin the summary
  AttachFiles: PermissionFlagsBits.AttachFiles, // post the incident report in the war room as a file
} as const;
export type BotPermission = keyof typeof BOT_PERMISSIONS;

/** The integer the invite URL carries; computed, so it cannot drift from the list above. */
export const permissionInteger = (): bigint => Object.values(BOT_PERMISSIONS).reduce((a, b) => a | b, 0n);

export const inviteUrl = (applicationId: string) =>
  `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=bot+applications.commands&permissions=${permissionInteger()}`;

/** The permission bits for a war room's overwrites (DAD topics/permissions.mdx). */
export const ROOM_MEMBER_ALLOW = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.ReadMessageHistory];
export const ROOM_BOT_ALLOW = [...ROOM_MEMBER_ALLOW, PermissionFlagsBits.ManageChannels];

/** Names as Discord's own settings screens show them, in the reader's language. */
export const permissionNames = (locale: Locale, perms: readonly BotPermission[]) =>
  perms.map((p) => t(locale, `discord.perm.${p}` as MessageKey)).join(', ');

/** Which of `wanted` a permission set lacks. */
export function lacking(has: (bit: bigint) => boolean, wanted: readonly BotPermission[]): BotPermission[] {
  return wanted.filter((p) => !has(BOT_PERMISSIONS[p]));
}
