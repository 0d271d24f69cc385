import type { Interaction, ModalSubmitInteraction } from 'discord.js';
import { listener } from '../context.ts';
import { FORM_MODAL, parseFormModalId } from '../ids.ts';

/** A page of a paged form was submitted. */
export const formPageSubmitted = listener(
  'form page submitted',
  (i: Interaction): i is ModalSubmitInteraction => i.isModalSubmit() && i.customId.startsWith(`${FORM_MODAL}:`),
  async (i, ctx) => {
    const ref = parseFormModalId(i.customId);
    if (!ref) throw new Error(`unreadable form custom_id ${i.customId}`);
    await ctx.forms.submitted(i, ctx.invocation(i), ref);
  },
);
