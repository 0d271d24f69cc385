import type { RepliableInteraction } from 'discord.js';
import type { Card } from '../../src/ui/card.ts';
import { renderCards } from './render.ts';
import { ephemeralOptions } from './send.ts';

/**
 * Shows a command's reply to the person who asked, and only to them: the first message as the
 * interaction's reply (or the edit of its deferred reply), the rest as follow-ups.
 * `followUp` is for interactions acknowledged by deferUpdate, whose original message is not ours to edit.
 */
export async function answer(i: RepliableInteraction, cards: readonly Card[], how: 'reply' | 'edit' | 'followUp' = 'reply'): Promise<void> {
  const parts = renderCards(cards);
  for (const [n, part] of parts.entries()) {
    const options = ephemeralOptions(part);
    if (n > 0 || how === 'followUp') await i.followUp(options);
    else if (how === 'edit') await i.editReply({ content: options.content ?? '', embeds: options.embeds ?? [], components: options.components ?? [], allowedMentions: options.allowedMentions });
    else await i.reply(options);
  }
}
