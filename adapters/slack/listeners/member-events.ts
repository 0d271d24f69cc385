import type { App } from '@slack/bolt';
import { forgetMembership } from '../../../src/incidents/access.ts';
import type { SlackContext } from '../context.ts';

/**
 * Slack says who joined or left a channel (`member_joined_channel`, `member_left_channel`; the
 * bot's channels:read and groups:read scopes cover public and private ones). Access to a private
 * incident follows its war room, so what was believed about that person there is asked again at
 * once rather than after the short membership cache runs out. Without these events (an app
 * installed from an older manifest) the cache's expiry still catches up.
 */
export const MEMBER_EVENTS = ['member_joined_channel', 'member_left_channel'] as const;

export function registerMemberEvents(app: App, ctx: SlackContext): void {
  for (const type of MEMBER_EVENTS) {
    app.event(type, async ({ event }) => {
      forgetMembership(ctx.directory, { room: event.channel, user: event.user });
    });
  }
}
