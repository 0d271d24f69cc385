import type { RespondFn } from '@slack/bolt';
import type { Outcome } from '../../commands/types.ts';
import type { SlackContext } from './context.ts';
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

