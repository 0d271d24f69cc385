import type { ButtonInteraction, Interaction } from 'discord.js';
import { listener } from '../context.ts';
import { PAGE_BUTTON, parsePageRef } from '../ids.ts';
import { parseCustomId } from '../render.ts';

/** Continue (next page) and Fix (a page with a wrong value) open a form page again, prefilled. */
export const formPageButton = listener(
  'form page button',
  (i: Interaction): i is ButtonInteraction => i.isButton() && parseCustomId(i.customId).id === PAGE_BUTTON,
  async (i, ctx) => {
    const ref = parsePageRef(parseCustomId(i.customId).value);
    if (!ref) throw new Error(`unreadable page button ${i.customId}`);
    await ctx.forms.reopen(i, ctx.invocation(i), ref);
  },
);
