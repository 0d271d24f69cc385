import { MessageFlags, type InteractionReplyOptions, type MessageCreateOptions, type MessageEditOptions } from 'discord.js';
import type { Outgoing } from './render.ts';

/** A rendered message as discord.js options; allowed_mentions always goes along. */
export function createOptions(m: Outgoing): MessageCreateOptions {
  return { content: m.content, embeds: m.embeds, components: m.components, allowedMentions: m.allowed_mentions };
}

/** Edits replace every part, so a part that is now empty is cleared rather than left stale. */
export function editOptions(m: Outgoing): MessageEditOptions {
  return { content: m.content ?? '', embeds: m.embeds ?? [], components: m.components ?? [], allowedMentions: m.allowed_mentions };
}

/** Answers to one person: visible to them only. */
export function ephemeralOptions(m: Outgoing): InteractionReplyOptions & { flags: MessageFlags.Ephemeral } {
  return { content: m.content, embeds: m.embeds, components: m.components, allowedMentions: m.allowed_mentions, flags: MessageFlags.Ephemeral };
}
