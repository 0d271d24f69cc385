import type { Inline, Rich } from '../../src/ui/card.ts';

// Every character Discord markdown gives meaning to, plus `@` and `<` so that user text can
// never form a mention (`@everyone`, `<@&role>`), a timestamp or a channel link. Discord shows
// any escaped punctuation literally, so the reader sees exactly what was typed.
const MARKDOWN = /[\\*_~`|>#\-@[\]<]/g;
// "1. item" at the start of a line would become a numbered list.
const LIST_NUMBER = /^(\s*\d+)\./gm;

export function escapeMarkdown(s: string): string {
  return s.replace(MARKDOWN, (c) => `\\${c}`).replace(LIST_NUMBER, '$1\\.');
}

const SNOWFLAKE = /^\d{17,20}$/;
export const isSnowflake = (id: string) => SNOWFLAKE.test(id);

export type InlineOptions = {
  /** Whether `<@id>` would show a person; otherwise the stored name is printed. */
  isMember?: (id: string) => boolean;
};

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * One inline run as Discord markdown. Times become `<t:…>` so each reader sees their own time
 * zone and language; people and rooms become mentions, collected in `mentioned` so the caller
 * can allow exactly those pings.
 */
export function richText(rich: Rich, mentioned: Set<string>, opts: InlineOptions = {}): string {
  return rich.map((p) => inlineText(p, mentioned, opts)).join('');
}

function inlineText(p: Inline, mentioned: Set<string>, opts: InlineOptions): string {
  if (typeof p === 'string') return escapeMarkdown(p);
  if ('time' in p) {
    const s = epoch(p.time);
    return p.style === 'relative' ? `<t:${s}:R>` : `<t:${s}:F> (<t:${s}:R>)`;
  }
  if ('user' in p) {
    const known = opts.isMember ? opts.isMember(p.user) : isSnowflake(p.user);
    if (!known || !isSnowflake(p.user)) return escapeMarkdown(`@${p.name ?? p.user}`);
    mentioned.add(p.user);
    return `<@${p.user}>`;
  }
  return isSnowflake(p.room.id) ? `<#${p.room.id}>` : escapeMarkdown(`#${p.room.name}`);
}

/**
 * Shortens rendered markdown to `max` UTF-16 units (what Discord counts, or more), never
 * cutting through a `<…>` token, an escape or a surrogate pair.
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - 1));
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>') && escapesBefore(cut, open) % 2 === 0) cut = cut.slice(0, open);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailing % 2) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function escapesBefore(s: string, at: number): number {
  let n = 0;
  while (at - n - 1 >= 0 && s[at - n - 1] === '\\') n++;
  return n;
}

/** Shortens plain text (labels, titles, placeholders: no markdown) to `max` characters. */
export function clipPlain(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Splits rendered markdown into pieces of at most `max`, at line breaks where possible. */
export function chunk(s: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of s.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) out.push(current);
    current = line;
    while (current.length > max) {
      const piece = clip(current, max + 1).slice(0, -1) || current.slice(0, max);
      out.push(piece);
      current = current.slice(piece.length);
    }
  }
  if (current || out.length === 0) out.push(current);
  return out;
}
