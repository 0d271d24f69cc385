import { MessageFlags, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { runCommand } from '../../../commands/index.ts';
import { t } from '../../../src/i18n/index.ts';
import { observe } from '../../../src/metrics/observe.ts';
import { COMMAND_NAME } from '../commands.ts';
import { listener } from '../context.ts';
import { answer } from '../reply.ts';
import { within } from '../within.ts';

/** The subcommand and its options as the text a person would type after `/crisis`. */
function commandText(i: ChatInputCommandInteraction): string {
  const key = i.options.getString('key') ?? '';
  const n = i.options.getInteger('n') ?? '';
  const text = i.options.getString('text') ?? '';
  const phase = i.options.getString('phase') ?? '';
  return [i.options.getSubcommand(), key, n, phase, text].join(' ').trim();
}

/** `/crisis <subcommand>`: a form opens as a modal (paged), anything else is answered privately. */
export const crisisCommand = listener(
  'crisis command',
  (i: Interaction): i is ChatInputCommandInteraction => i.isChatInputCommand() && i.commandName === COMMAND_NAME,
  async (i, ctx) => {
    const inv = ctx.invocation(i);
    if (!i.inGuild()) {
      await i.reply({ content: t(inv.locale, 'discord.guildOnly'), flags: MessageFlags.Ephemeral });
      return;
    }
    const text = commandText(i);
    const work = runCommand(ctx.core, inv, text);
    // Discord wants a first answer within 3 s; a slow command is acknowledged and answered when ready.
    let outcome = await within(work, ctx.answerWithinMs);
    const deferred = !outcome;
    if (!outcome) {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      observe(ctx.core).commandAcked('discord', i.createdTimestamp);
      outcome = await work;
    }
    if (outcome.kind === 'form') {
      const title = i.options.getString('title');
      // The inline title is a prefill like any typed value; the form's submit check judges it.
      if (title) outcome.form.values.title = title;
      await (deferred ? ctx.forms.offer(i, inv, outcome.form, text) : ctx.forms.start(i, inv, outcome.form, text));
      if (!deferred) observe(ctx.core).commandAcked('discord', i.createdTimestamp);
      return;
    }
    await answer(i, outcome.cards, deferred ? 'edit' : 'reply');
    if (!deferred) observe(ctx.core).commandAcked('discord', i.createdTimestamp);
    await ctx.settle();
  },
);
