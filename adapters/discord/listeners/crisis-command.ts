import { MessageFlags, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { runCall } from '../../../commands/index.ts';
import { callText, type Call } from '../../../commands/parse.ts';
import { findCommand } from '../../../commands/registry.ts';
import { t } from '../../../src/i18n/index.ts';
import { observe } from '../../../src/metrics/observe.ts';
import { COMMAND_NAME, registeredArgs } from '../commands.ts';
import { listener } from '../context.ts';
import { answer } from '../reply.ts';
import { within } from '../within.ts';

/** The subcommand and its typed options as the command's arguments, read by its declaration (no text in between). */
function callOf(i: ChatInputCommandInteraction): Call {
  const name = i.options.getSubcommand();
  const def = findCommand(name);
  const raw: Call['raw'] = {};
  for (const a of def ? registeredArgs(def) : []) {
    const value = i.options.get(a.name)?.value;
    if (typeof value === 'string' || typeof value === 'number') raw[a.name] = a.kind.fromOption?.(value) ?? value;
  }
  return { command: name, raw };
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
    const call = callOf(i);
    const work = runCall(ctx.core, inv, call);
    // Discord wants a first answer within 3 s; a slow command is acknowledged and answered when ready.
    let outcome = await within(work, ctx.answerWithinMs);
    const deferred = !outcome;
    if (!outcome) {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      observe(ctx.core).commandAcked('discord', i.createdTimestamp);
      outcome = await work;
    }
    if (outcome.kind === 'form') {
      // A draft keeps the call as text that reads back to it, to reopen the form with.
      const text = callText(call);
      await (deferred ? ctx.forms.offer(i, inv, outcome.form, text) : ctx.forms.start(i, inv, outcome.form, text));
      if (!deferred) observe(ctx.core).commandAcked('discord', i.createdTimestamp);
      return;
    }
    await answer(i, outcome.cards, deferred ? 'edit' : 'reply');
    if (!deferred) observe(ctx.core).commandAcked('discord', i.createdTimestamp);
    await ctx.settle();
  },
);
