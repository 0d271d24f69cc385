import type { ButtonInteraction, Interaction } from 'discord.js';
import { clickButton, isButton } from '../../../commands/buttons.ts';
import { listener } from '../context.ts';
import { parseCustomId } from '../render.ts';
import { answer } from '../reply.ts';

/**
 * Done / Reopen on a checklist message. The click is acknowledged without touching the
 * message; the command's one change goes through the outbox, which edits the message once,
 * however many people clicked at the same moment.
 */
export const checklistButton = listener(
  'checklist button',
  (i: Interaction): i is ButtonInteraction => i.isButton() && isButton(parseCustomId(i.customId).id),
  async (i, ctx) => {
    await i.deferUpdate();
    const { id, value } = parseCustomId(i.customId);
    const outcome = await clickButton(ctx.core, ctx.invocation(i), id, value);
    await ctx.settle();
    if (outcome?.kind === 'reply') await answer(i, outcome.cards, 'followUp');
  },
);
