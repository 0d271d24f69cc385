import type { ChatPort } from '../../adapters/port.ts';
import { drillPrefixed } from '../incidents/alert-cards.ts';
import type { Locale } from '../playbook/text.ts';

/**
 * The port the dispatcher uses for a drill: every card it posts, updates, DMs or tells carries
 * the DRILL prefix. The one place that rule lives, so no message of a drill can go without it.
 */
export function drillPort(port: ChatPort, locale: Locale): ChatPort {
  const mark = drillPrefixed;
  return {
    platform: port.platform,
    openRoom: (spec) => port.openRoom(spec),
    invite: (room, users) => port.invite(room, users),
    post: (room, card, opts) => port.post(room, mark(card, locale), opts),
    update: (message, card) => port.update(message, mark(card, locale)),
    pin: (message) => port.pin(message),
    dm: (user, card, opts) => port.dm(user, mark(card, locale), opts),
    // A file's bytes are not a card: the drill's report says DRILL in its own title (src/report/post.ts).
    upload: (room, file, opts) => port.upload(room, file, opts),
    tell: (to, card) => port.tell(to, mark(card, locale)),
  };
}
