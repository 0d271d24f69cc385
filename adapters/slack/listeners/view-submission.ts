import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '@slack/bolt';
import { submitForm } from '../../../commands/index.ts';
import type { Outcome } from '../../../commands/types.ts';
import { t } from '../../../src/i18n/index.ts';
import { note } from '../../../src/ui/card.ts';
import { drainSoon, type SlackContext } from '../context.ts';
import { invocationFor } from '../inbound.ts';
import { answerView, FORM_CALLBACK, formView, readMeta, readValues, refilledView, unrecordedErrors, viewErrors, type FormMeta } from '../modal.ts';

const SLOW: unique symbol = Symbol('slow');

function answer(outcome: Extract<Outcome, { kind: 'reply' }>, meta: FormMeta) {
  const raise = meta.command === 'raise';
  const title = raise ? t(meta.locale, 'slack.done.title') : (outcome.cards[0]?.title ?? 'crisis-bot');
  return answerView(outcome.cards, { locale: meta.locale, title, after: raise ? t(meta.locale, 'slack.pending') : undefined });
}

/**
 * A submitted form. The command decides inside Slack's 3-second window and the ack carries its
 * answer: field errors keep the modal open with what was typed; success replaces it with the
 * answer. Should the command take longer than the budget, the modal says so at once and the
 * answer follows through views.update (errors then show above the fields, values kept). The view
 * id is the delivery's idempotency key, so a retried submission creates nothing new. War-room
 * effects are delivered after the ack. When the database does not answer nothing was recorded:
 * the modal stays open with what was typed (an error on the first field, or, after the early ack,
 * the modal put back filled in) and says so, and submitting it again later records it once.
 */
export function registerViewSubmission(app: App, ctx: SlackContext): void {
  app.view(FORM_CALLBACK, ({ ack, body, view, client }) =>
    ctx.work.run('view_submission', async () => {
      let meta: FormMeta;
      try {
        meta = readMeta(view.private_metadata);
      } catch (err) {
        // Not a form this bot opened (or metadata from an older version): close it rather than time out.
        await ack();
        throw err;
      }
      // No users.info here: the language travelled in the metadata and the name is cached or in the payload.
      const inv = await invocationFor(
        ctx.directory,
        { team: body.team?.id ?? view.team_id, channel: meta.channel, user: body.user.id, userName: body.user.name, eventKey: view.id },
        { fresh: false, locale: meta.locale },
      );
      const decided = submitForm(ctx.core, inv, meta.command, readValues(view.state.values), meta.context);
      const budget = new AbortController();
      const first = await Promise.race([decided, sleep(ctx.ackBudgetMs, SLOW, { signal: budget.signal }).catch((): typeof SLOW => SLOW)]);
      budget.abort();
      if (first === SLOW) {
        await ack({ response_action: 'update', view: answerView([note(t(meta.locale, 'slack.working'))], { locale: meta.locale, title: t(meta.locale, 'slack.done.title') }) });
        const outcome = await decided;
        if (outcome.kind === 'reply') drainSoon(ctx);
        const next = outcome.kind === 'form' ? formView(outcome.form, meta) : outcome.kind === 'unrecorded' ? refilledView(view, outcome.message) : answer(outcome, meta);
        await client.views.update({ view_id: view.id, view: next });
        return;
      }
      if (first.kind === 'unrecorded') {
        await ack({ response_action: 'errors', errors: unrecordedErrors(view, first.message) });
        return;
      }
      if (first.kind === 'form') {
        const errors = viewErrors(first.form);
        await (Object.keys(errors).length ? ack({ response_action: 'errors', errors }) : ack({ response_action: 'update', view: formView(first.form, meta) }));
        return;
      }
      await ack({ response_action: 'update', view: answer(first, meta) });
      drainSoon(ctx);
    }),
  );
}
