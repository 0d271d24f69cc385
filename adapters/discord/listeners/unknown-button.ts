import { MessageFlags, type ButtonInteraction, type Interaction } from 'discord.js';
import { t } from '../../../src/i18n/index.ts';
import { listener } from '../context.ts';

/** A button from an older version or a finished flow: say so rather than leave "interaction failed". */
export const unknownButton = listener(
  'unknown button',
  (i: Interaction): i is ButtonInteraction => i.isButton(),
  async (i, ctx) => {
    await i.reply({ content: t(ctx.invocation(i).locale, 'discord.unknownButton'), flags: MessageFlags.Ephemeral });
  },
);
