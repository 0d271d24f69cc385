import type { App } from '@slack/bolt';
import { runCommand } from '../../../commands/index.ts';
import { observe } from '../../../src/metrics/observe.ts';
import { afterPendingAcks, drainSoon, type SlackContext } from '../context.ts';
import { fromSlackText, invocationFor } from '../inbound.ts';
import { REPLAY_CHECK } from '../receiver.ts';
import { openForm, respondEphemeral } from '../reply.ts';

/**
 * `/crisis …`: acked at once (Slack allows 3 s), then answered. A form opens as a modal with the
 * command's trigger; every other answer is an ephemeral reply through the response_url.
 */
export function registerCommand(app: App, ctx: SlackContext): void {
  app.command('/crisis', ({ command, ack, client, respond, context }) =>
    ctx.work.run('/crisis', async () => {
      await observe(ctx.core).ack('slack', ack);
      // A replayed request (receiver.ts) is acked like any other and goes no further.
      const firstSight = context[REPLAY_CHECK] as Promise<boolean> | undefined;
      if (firstSight && !(await firstSight)) return;
      await afterPendingAcks();
      const inv = await invocationFor(
        ctx.directory,
        { team: command.team_id, channel: command.channel_id, user: command.user_id, userName: command.user_name, eventKey: command.trigger_id },
        { fresh: true },
      );
      const outcome = await runCommand(ctx.core, inv, fromSlackText(command.text ?? '').trim() || 'help');
      if (outcome.kind === 'form') {
        await openForm(ctx, outcome.form, { client, triggerId: command.trigger_id, channel: command.channel_id, locale: inv.locale, failure: 'slack.openFailed', respond });
        return;
      }
      await respondEphemeral(respond, outcome, ctx.log);
      // tick/untick typed as commands change state too.
      drainSoon(ctx);
    }),
  );
}
