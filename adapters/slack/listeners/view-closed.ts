import type { App } from '@slack/bolt';
import { FORM_CALLBACK } from '../modal.ts';

/** A closed form records nothing; Slack only needs its ack (sent when notify_on_close is set). */
export function registerViewClosed(app: App): void {
  app.view({ type: 'view_closed', callback_id: FORM_CALLBACK }, async ({ ack }) => {
    await ack();
  });
}
