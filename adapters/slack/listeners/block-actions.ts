import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { clickButton, isButton } from '../../../commands/buttons.ts';
import { afterPendingAcks, drainSoon, type SlackContext } from '../context.ts';
import { invocationFor } from '../inbound.ts';
import { buttonIdOf } from '../render.ts';
import { respondEphemeral } from '../reply.ts';

/** Rendered buttons carry `<button id>:<n>` (see render.ts). */
const RENDERED_BUTTON = /^[a-z][\w.-]*:\d+$/;

/**
 * A checklist button. The button is a command by another name (commands/buttons.ts), so the rule
 * lives there; the message itself is updated in place by the outbox's refresh-checklist effect,
 * once however many people clicked.
 */
export function registerBlockActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(RENDERED_BUTTON, ({ ack, body, action, respond }) =>
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
      if (outcome?.kind === 'reply' && body.response_url) await respondEphemeral(respond, outcome, ctx.log);
      drainSoon(ctx);
    }),
  );
}
