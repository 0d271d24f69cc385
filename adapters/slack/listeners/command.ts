import type { App } from '@slack/bolt';
import { runCommand } from '../../../commands/index.ts';
import { t } from '../../../src/i18n/index.ts';
import type { Locale } from '../../../src/playbook/text.ts';
import { note } from '../../../src/ui/card.ts';
import { afterPendingAcks, drainSoon, type SlackContext } from '../context.ts';
import { slackError } from '../errors.ts';
import { fromSlackText, invocationFor } from '../inbound.ts';
import { formView } from '../modal.ts';
import { respondEphemeral } from '../reply.ts';

const failure = (locale: Locale, err: unknown) => ({
  kind: 'reply' as const,
  cards: [note(t(locale, 'slack.openFailed', { error: slackError(err) ?? (err instanceof Error ? err.message : String(err)) }), 'warning')],
});

/**
 * `/crisis …`: acked at once (Slack allows 3 s), then answered. A form opens as a modal with the
 * command's trigger; every other answer is an ephemeral reply through the response_url.
 */
export function registerCommand(app: App, ctx: SlackContext): void {
  app.command('/crisis', ({ command, ack, client, respond }) =>
    ctx.work.run('/crisis', async () => {
      await ack();
      await afterPendingAcks();
      const inv = await invocationFor(
        ctx.directory,
        { team: command.team_id, channel: command.channel_id, user: command.user_id, userName: command.user_name, eventKey: command.trigger_id },
        { fresh: true },
      );
      const outcome = await runCommand(ctx.core, inv, fromSlackText(command.text ?? '').trim() || 'help');
      if (outcome.kind === 'form') {
        const { form } = outcome;
        const view = formView(form, { command: form.command, context: form.context, channel: command.channel_id, locale: inv.locale });
        await client.views.open({ trigger_id: command.trigger_id, view }).catch(async (err: unknown) => {
          ctx.log.warn({ err: slackError(err) ?? String(err) }, 'views.open failed');
          await respondEphemeral(respond, failure(inv.locale, err), ctx.log);
        });
        return;
      }
      await respondEphemeral(respond, outcome, ctx.log);
      // tick/untick typed as commands change state too.
      drainSoon(ctx);
    }),
  );
}
