// Which mentions in a message would notify someone, as Discord decides it: the mention must be
// written unescaped in `content` (embeds never notify), allowed by `allowed_mentions` (absent =
// everything), and @everyone/@here need the author's Mention Everyone permission.
import { P, type FakeState } from './state.ts';

export interface Pings { everyone: boolean; users: string[]; roles: string[] }
export const NO_PINGS: Pings = { everyone: false, users: [], roles: [] };

type Allowed = { parse?: unknown; users?: unknown; roles?: unknown } | undefined;

/** Matches of `re` in `text` whose first character is not escaped with a backslash. */
function unescaped(text: string, re: RegExp): RegExpExecArray[] {
  return [...text.matchAll(re)].filter((m) => {
    let slashes = 0;
    for (let i = m.index - 1; i >= 0 && text[i] === '\\'; i--) slashes++;
    return slashes % 2 === 0;
  });
}

export function pingsOf(state: FakeState, channelId: string, authorId: string, content: unknown, allowed: Allowed): Pings {
  const text = typeof content === 'string' ? content : '';
  const parse = allowed === undefined ? ['everyone', 'users', 'roles'] : Array.isArray(allowed.parse) ? (allowed.parse as string[]) : [];
  const listed = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const channel = state.channels.get(channelId);
  const mayEveryone = channel?.guildId ? (state.channelPermissions(channelId, authorId) & P.MentionEveryone) !== 0n : false;
  const everyone = mayEveryone && parse.includes('everyone') && unescaped(text, /@(everyone|here)\b/g).length > 0;
  const users = [...new Set(unescaped(text, /<@!?(\d{17,20})>/g).map((m) => m[1] ?? ''))]
    .filter((id) => parse.includes('users') || listed(allowed?.users).includes(id));
  const roles = [...new Set(unescaped(text, /<@&(\d{17,20})>/g).map((m) => m[1] ?? ''))]
    .filter((id) => parse.includes('roles') || listed(allowed?.roles).includes(id));
  return { everyone, users, roles };
}
