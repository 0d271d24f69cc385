import type { RespondFn, webApi } from '@slack/bolt';
import type { Outcome } from '../../commands/types.ts';
import { t, type MessageKey } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { note } from '../../src/ui/card.ts';
import type { Form } from '../../src/ui/form.ts';
import type { SlackContext } from './context.ts';
import { slackError } from './errors.ts';
import { formView } from './modal.ts';
import { toMessages } from './render.ts';

// A response_url takes five messages; a longer answer is cut there.
const RESPONSE_URL_USES = 5;

/** A command's answer, only to the person who asked, through the delivery's response_url. */
export async function respondEphemeral(respond: RespondFn, outcome: Extract<Outcome, { kind: 'reply' }>, log: SlackContext['log']): Promise<void> {
  const messages = toMessages(outcome.cards);
  if (messages.length > RESPONSE_URL_USES) log.warn({ messages: messages.length }, 'answer longer than a response_url takes; sending the first five messages');
  for (const m of messages.slice(0, RESPONSE_URL_USES)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks });
  }
}

export type FormTrigger = {
  client: webApi.WebClient;
  /** The delivery's trigger id (valid for 3 s, once). */
  triggerId: string;
  /** Where the form was asked for (a channel or a DM); travels in the modal's metadata. */
  channel?: string;
  locale: Locale;
  /** What to tell the person when Slack will not open the modal. */
  failure: MessageKey;
  respond?: RespondFn;
};

/**
 * A command's form as a modal, opened with the trigger of the slash command or button click that
 * asked for it. When Slack refuses (an expired trigger, a view it rejects) the person hears why,
 * privately, instead of nothing happening.
 */
export async function openForm(ctx: SlackContext, form: Form, to: FormTrigger): Promise<void> {
  const view = formView(form, { command: form.command, context: form.context, channel: to.channel, locale: to.locale });
  try {
    await to.client.views.open({ trigger_id: to.triggerId, view });
  } catch (err) {
    const error = slackError(err) ?? (err instanceof Error ? err.message : String(err));
    ctx.log.warn({ err: error, command: form.command }, 'views.open failed');
    if (to.respond) await respondEphemeral(to.respond, { kind: 'reply', cards: [note(t(to.locale, to.failure, { error, command: form.command }), 'warning')] }, ctx.log);
  }
}
