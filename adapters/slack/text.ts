import type { types } from '@slack/bolt';
import type { Inline, Rich } from '../../src/ui/card.ts';

export type TextObject = types.PlainTextElement | types.MrkdwnElement;

/** Slack's own escaping: the only three characters mrkdwn reserves for links and mentions. */
export const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// mrkdwn has no escape for these, so text holding them goes out as plain_text where it can.
const FORMATTING = /[*_~`]|^\s*>/m;

const pad = (n: number) => String(n).padStart(2, '0');
/** What a reader sees where Slack cannot format the date (old clients, notifications). */
export const utcFallback = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;

/** One inline as mrkdwn: Slack renders dates in each reader's time zone and names people and channels itself. */
function inlineMrkdwn(p: Inline): string {
  if (typeof p === 'string') return escapeMrkdwn(p);
  if ('time' in p) {
    const epoch = Math.floor(p.time.getTime() / 1000);
    const format = p.style === 'relative' ? '{ago}' : '{date_short_pretty} {time}';
    return `<!date^${epoch}^${format}|${utcFallback(p.time)}>`;
  }
  if ('user' in p) return `<@${p.user}>`;
  return `<#${p.room.id}>`;
}

/** Atomic pieces of a run: a chunk boundary never falls inside an entity or a `<…>` token. */
export function mrkdwnPieces(rich: Rich): string[] {
  return rich.flatMap((p) => (typeof p === 'string' ? [...p].map(escapeMrkdwn) : [inlineMrkdwn(p)]));
}

export const isPlainRun = (rich: Rich): rich is string[] => rich.every((p) => typeof p === 'string');

/** True when the run can only be shown literally as plain_text (mrkdwn would format it). */
export const needsPlain = (rich: Rich) => isPlainRun(rich) && FORMATTING.test(rich.join(''));

/** A run as plain words, for notification fallbacks (the caller escapes it for mrkdwn). */
export function fallbackOf(rich: Rich): string {
  return rich
    .map((p) => (typeof p === 'string' ? p : 'time' in p ? utcFallback(p.time) : 'user' in p ? `@${p.name ?? p.user}` : `#${p.room.name}`))
    .join('');
}

/**
 * Splits pieces into strings of at most `max` characters, preferring to break after a newline
 * or a space so words stay whole.
 */
export function chunk(pieces: string[], max: number): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let len = 0;
  for (const piece of pieces) {
    if (len + piece.length > max && cur.length) {
      let cut = cur.length;
      let tail = 0;
      // A break point near the end only: what moves to the next chunk stays well within `max`.
      for (let i = cur.length - 1; i > 0 && tail < max / 2; i--) {
        if (cur[i] === '\n' || cur[i] === ' ') {
          cut = i + 1;
          break;
        }
        tail += cur[i]!.length;
      }
      out.push(cur.slice(0, cut).join(''));
      cur = cur.slice(cut);
      len = cur.reduce((n, s) => n + s.length, 0);
    }
    cur.push(piece);
    len += piece.length;
  }
  if (cur.length) out.push(cur.join(''));
  return out;
}

export const plainText = (text: string): types.PlainTextElement => ({ type: 'plain_text', text, emoji: true });
// verbatim: Slack must not turn bare URLs, #names or @here in our text into links or mentions.
export const mrkdwn = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });

/** A run as text objects of at most `max` characters each (several when long). */
export function textObjects(rich: Rich, max: number): TextObject[] {
  if (needsPlain(rich)) return chunk([...(rich as string[]).join('')], max).map(plainText);
  return chunk(mrkdwnPieces(rich), max).map(mrkdwn);
}

/**
 * Cuts text to `max` UTF-16 units (how the limits are counted here, the stricter reading), marking
 * the cut and never splitting a character.
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
