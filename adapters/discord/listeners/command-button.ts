import type { ButtonInteraction, Interaction } from 'discord.js';
import { buttonCall } from '../../../commands/buttons.ts';
import { runCall } from '../../../commands/index.ts';
import { callText } from '../../../commands/parse.ts';
import { listener } from '../context.ts';
import { parseCustomId } from '../render.ts';
import { answer } from '../reply.ts';
import { within } from '../within.ts';

/**
 * A button that stands for a command (declared with it; checked in commands/buttons.ts): Done / Reopen on a checklist, Verify
 * on a fact, Add fact on the fact sheet or in a DM, Change level…
 * A command that answers with a form in time opens its first page as a modal (the click's only
 * chance to). Otherwise the click is acknowledged without touching the message, and whatever the
 * command says goes to the clicker alone; its change goes through the outbox, which edits the
 * message once, however many people clicked at the same moment.
 */
export const commandButton = listener(
  'command button',
  // A forged or malformed payload is no button of ours: it gets the unknown button's answer.
  (i: Interaction): i is ButtonInteraction => i.isButton() && buttonCall(parseCustomId(i.customId).id, parseCustomId(i.customId).value) !== undefined,
  async (i, ctx) => {
    const { id, value } = parseCustomId(i.customId);
    const call = buttonCall(id, value);
    if (!call) {
      await i.deferUpdate();
      return;
    }
    // What a form's draft reopens it with: the call as the text that reads back to it.
    const opened = callText(call);
    const work = (async () => {
      const inv = await ctx.invocationFor(i, value);
      return { inv, outcome: await runCall(ctx.core, inv, call) };
    })();
    const early = await within(work, ctx.answerWithinMs);
    if (early?.outcome.kind === 'form') {
      await ctx.forms.start(i, early.inv, early.outcome.form, opened);
      return;
    }
    await i.deferUpdate();
    const { inv, outcome } = early ?? (await work);
    await ctx.settle();
    if (outcome.kind === 'form') await ctx.forms.offer(i, inv, outcome.form, opened, 'followUp');
    else await answer(i, outcome.cards, 'followUp');
  },
);
