import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { clickButton, isButton } from '../../../commands/buttons.ts';
import { afterPendingAcks, drainSoon, type SlackContext } from '../context.ts';
import { invocationFor } from '../inbound.ts';
import { buttonIdOf } from '../render.ts';
import { openForm, respondEphemeral } from '../reply.ts';

/** Rendered buttons carry `<button id>:<n>` (see render.ts). */
const RENDERED_BUTTON = /^[a-z][\w.-]*:\d+$/;

/**
 * A button on a card (a checklist step, the fact sheet, a fact, a DM). The button is a command by
 * another name (commands/buttons.ts), so the rule lives there. A command that answers with a form
 * (Add fact, Assess impact, Dispute, Correct, Change level) opens it as a modal with the click's
 * trigger; any other answer (a refusal included) goes only to the person who clicked. The cards
 * themselves are redrawn in place by the outbox, once however many people clicked.
 */
export function registerBlockActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(RENDERED_BUTTON, ({ ack, body, action, respond, client }) =>
    ctx.work.run(action.action_id, async () => {
      await ack();
      const id = buttonIdOf(action.action_id);
      if (action.type !== 'button' || !isButton(id)) return;
      await afterPendingAcks();
      const inv = await invocationFor(
        ctx.directory,
        {
          team: body.team?.id ?? body.user.team_id,
          channel: body.channel?.id ?? body.container?.channel_id,
          user: body.user.id,
          userName: body.user.name ?? body.user.username,
          eventKey: action.action_ts,
        },
        { fresh: true },
      );
      const outcome = await clickButton(ctx.core, inv, id, action.value ?? '');
      const canRespond = Boolean(body.response_url);
      if (outcome?.kind === 'form') {
        await openForm(ctx, outcome.form, { client, triggerId: body.trigger_id, channel: inv.room, locale: inv.locale, failure: 'slack.openFailedButton', ...(canRespond ? { respond } : {}) });
        return;
      }
      if (outcome?.kind === 'reply' && canRespond) await respondEphemeral(respond, outcome, ctx.log);
      drainSoon(ctx);
    }),
  );
}
