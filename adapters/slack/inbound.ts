import type { Invocation } from '../../commands/types.ts';
import type { Directory } from './directory.ts';

/**
 * Slash-command text as the person typed it. With `should_escape` Slack sends `&amp;`, `&lt;`,
 * `&gt;` and turns mentions and links into `<…>` tokens; these become readable text again
 * (`@name`, `#channel`, the URL) so a prefilled title reads as typed. Mentions without a name
 * stay as Slack sent them, and the command notes that they will not ping.
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<([@#])[UWC][A-Z0-9]+\|([^>]*)>/g, (_m, sigil: string, name: string) => `${sigil}${name}`)
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]*)>/g, '$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]*)>/g, (_m, url: string, label: string) => (label && label !== url ? `${label} (${url})` : url))
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export type Who = { team?: string; channel?: string; user: string; userName?: string; eventKey?: string };

/**
 * The neutral Invocation for a Slack delivery. `fresh` asks Slack for the person's language when it
 * is not cached; the view-submission path passes false to stay inside the 3-second ack.
 */
export async function invocationFor(directory: Directory, who: Who, opts: { fresh: boolean; locale?: Invocation['locale'] }): Promise<Omit<Invocation, 'args'>> {
  const person = opts.fresh ? await directory.lookup(who.user) : directory.peek(who.user);
  return {
    platform: 'slack',
    workspace: who.team ?? '',
    room: who.channel,
    user: { id: who.user, name: person?.name ?? who.userName ?? who.user },
    locale: opts.locale ?? person?.locale ?? directory.fallbackLocale,
    tz: person?.tz,
    eventKey: who.eventKey,
    replyTo: who.channel ? { room: who.channel } : undefined,
    membership: directory,
  };
}
