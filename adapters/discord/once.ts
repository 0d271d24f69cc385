import { createHash } from 'node:crypto';
import type { APIEmbed, APIMessage } from 'discord.js';
import { LIMITS, type Outgoing } from './render.ts';

/**
 * Posting once on Discord. Every keyed message is sent with a nonce and `enforce_nonce`: for "the
 * past few minutes" Discord answers a second send of that nonce with the message it already made.
 * Past that window a retry must find the message itself, but Discord does not keep the nonce —
 * fetched messages come back without it (discord.py#2451; the fake does the same). So each keyed
 * message also carries a marker that survives storage: its key hashed into invisible characters
 * at the end of its text, found again in the channel's latest messages.
 */

/** One hash of a message's key and part: the nonce (≤ 25 characters) and the marker's bits. */
function digest(key: string, part: number): Buffer {
  return createHash('sha256').update(`${key}#${part}`).digest();
}

export const nonceOf = (key: string, part: number): string => digest(key, part).toString('base64url').slice(0, 25);

// Format characters that show nothing where Discord renders text (an embed, the message body).
// [guess: verified here only by the fake; Discord is not known to strip them — it keeps U+200B,
// which bots use to keep text apart.] Four symbols carry two bits each after a start sign.
const START = '\u2063';
const SYMBOLS = ['\u200b', '\u200c', '\u200d', '\u2060'] as const;
const MARK_SYMBOLS = 24; // 48 bits: enough to tell one key from another among a channel's latest messages
const MARK_LENGTH = 1 + MARK_SYMBOLS;
// An alternation, not a character class: U+200D would join its neighbours in a class.
const MARK = new RegExp(`${START}((?:${SYMBOLS.join('|')}){${MARK_SYMBOLS}})`, 'u');

export function markerOf(key: string, part: number): string {
  const bytes = digest(key, part);
  let out = START;
  for (let i = 0; i < MARK_SYMBOLS; i++) out += SYMBOLS[(bytes[i >> 2]! >> ((i & 3) * 2)) & 3];
  return out;
}

const embedSize = (e: APIEmbed) =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((a, f) => a + f.name.length + f.value.length, 0);

/**
 * The message with its marker at the end of its text: the body, else the first embed's
 * description, else that embed's footer. A message with no room left for it goes unmarked (the
 * nonce still covers the first minutes).
 */
export function withMarker(m: Outgoing, marker: string): Outgoing {
  if (m.content !== undefined && m.content.length + MARK_LENGTH <= LIMITS.content) return { ...m, content: m.content + marker };
  const [first, ...rest] = m.embeds ?? [];
  if (m.content !== undefined || !first) return m;
  const total = (m.embeds ?? []).reduce((a, e) => a + embedSize(e), 0);
  if (total + MARK_LENGTH > LIMITS.embedTotal) return m;
  if (first.description !== undefined) {
    if (first.description.length + MARK_LENGTH > LIMITS.description) return m;
    return { ...m, embeds: [{ ...first, description: first.description + marker }, ...rest] };
  }
  if (first.footer) return m;
  return { ...m, embeds: [{ ...first, footer: { text: marker } }, ...rest] };
}

/** The marker a fetched message carries, if any. */
export function markerIn(m: Pick<APIMessage, 'content' | 'embeds'>): string | undefined {
  const texts = [m.content, ...(m.embeds ?? []).flatMap((e) => [e.description, e.footer?.text])];
  for (const t of texts) {
    const found = t ? MARK.exec(t) : null;
    if (found) return START + found[1];
  }
  return undefined;
}
