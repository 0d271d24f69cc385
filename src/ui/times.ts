// The two locales we parse, not chrono's index: that loads all 15 (~900 modules at start).
import * as en from 'chrono-node/en';
import * as zh from 'chrono-node/zh';
import type { Locale } from '../playbook/text.ts';

/**
 * Times as people write them — an ISO time pasted from a monitoring tool, "2026-12-02 14:30",
 * "14:30", "now", "10 min ago", "昨天 14:30" — read in the reader's IANA time zone.
 *
 * How chrono is used: it is given the reader's wall clock disguised as UTC (and timezone 0), so
 * everything it returns is a wall-clock time in the reader's zone, which we turn into an instant
 * with Intl. We never hand it a zone offset: chrono 2.10's zh parser shifts relative times
 * ("10分钟前", "现在") by that offset, and an offset is only right for one side of a DST change.
 */

/** `instant`: the text named its own offset; `wall`: a clock time read in `zone`; `relative`: counted back from now. */
export type TimeHow = 'now' | 'instant' | 'wall' | 'relative';
export type ReadTime = { ok: true; at: Date; zone: string; how: TimeHow } | { ok: false };
export type TimeContext = { now: Date; zone: string; locale: Locale };

export const serverZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** True for a name Intl knows as a time zone (Asia/Shanghai, UTC, America/New_York). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function wallParts(at: Date, zone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  let f = partsFormat.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormat.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** The reader's wall clock at `at`, as a Date whose UTC fields show it (milliseconds kept). */
function wallAsUtc(at: Date, zone: string): Date {
  const w = wallParts(at, zone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, at.getUTCMilliseconds()));
}

/** The instant at which the clock in `zone` shows `wall` (given as UTC fields); in a DST gap, the later offset. */
function wallToInstant(wall: Date, zone: string): Date {
  const offsetAt = (t: number) => wallAsUtc(new Date(t), zone).getTime() - t;
  const guess = wall.getTime() - offsetAt(wall.getTime());
  return new Date(wall.getTime() - offsetAt(guess));
}

/** "2026-12-02 14:30" as the clock in `zone` shows it. */
export function formatInZone(at: Date, zone: string): string {
  const w = wallParts(at, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

// Our own strict forms first: they are what people paste, and chrono is lenient about them.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const CLOCK = /^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/;

function fromIso(raw: string, zone: string): ReadTime | undefined {
  const m = raw.match(ISO);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return { ok: false };
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  if (wall.getUTCDate() !== day) return { ok: false };
  if (!m[8]) return { ok: true, at: wallToInstant(wall, zone), zone, how: 'wall' };
  const off = m[8].toUpperCase() === 'Z' ? '00:00' : m[8].slice(1);
  const offMinutes = (m[8][0] === '-' ? -1 : 1) * (Number(off.slice(0, 2)) * 60 + Number(off.replace(':', '').slice(2) || 0));
  return { ok: true, at: new Date(wall.getTime() - offMinutes * 60_000), zone, how: 'instant' };
}

function fromClock(raw: string, now: Date, zone: string): ReadTime | undefined {
  const m = raw.match(CLOCK);
  if (!m) return undefined;
  const [hour, minute, second] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return { ok: false };
  const today = wallAsUtc(now, zone);
  const wall = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), hour, minute, second));
  return { ok: true, at: wallToInstant(wall, zone), zone, how: 'wall' };
}

/** Relative and casual times ("10 min ago", "yesterday 14:30", "10分钟前", "昨天 14:30") by chrono. */
function fromChrono(raw: string, { now, zone, locale }: TimeContext): ReadTime | undefined {
  const reference = { instant: wallAsUtc(now, zone), timezone: 0 };
  // Chinese text goes to the zh parser whatever the reader's language; English is tried too for zh readers.
  const parsers = /[\u4e00-\u9fff]/.test(raw) ? [zh.hans, zh.hant] : locale === 'zh-CN' ? [en.casual, zh.hans] : [en.casual];
  for (const parser of parsers) {
    const [r] = parser.parse(raw, reference);
    // The whole text must be the time: "call me 14:30 maybe" is not one.
    if (!r || r.index !== 0 || r.text.length !== raw.length || r.end) continue;
    const relative = r.tags().has('result/relativeDate') || /前|ago/i.test(raw);
    // A day without a clock time ("yesterday") says nothing about when it started.
    if (!relative && !r.start.isCertain('hour')) continue;
    const named = r.start.isCertain('timezoneOffset') && !relative;
    const date = r.start.date();
    return { ok: true, at: named ? date : wallToInstant(date, zone), zone, how: relative ? 'relative' : named ? 'instant' : 'wall' };
  }
  return undefined;
}

/** Reads a typed time in the reader's zone; `{ ok: false }` when it is not one (range checks are the caller's). */
export function readTime(input: string, ctx: TimeContext): ReadTime {
  const raw = input.trim().replace(/\s+/g, ' ');
  const zone = isTimeZone(ctx.zone) ? ctx.zone : serverZone();
  if (/^(now|现在|現在)$/i.test(raw)) return { ok: true, at: ctx.now, zone, how: 'now' };
  return fromIso(raw, zone) ?? fromClock(raw, ctx.now, zone) ?? fromChrono(raw, { ...ctx, zone }) ?? { ok: false };
}
