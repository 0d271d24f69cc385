import { describe, expect, it } from 'vitest';
import { howRead, parseField } from '../../src/ui/fields.ts';
import type { FormField } from '../../src/ui/form.ts';
import { formatInZone, isTimeZone, readTime } from '../../src/ui/times.ts';

// 20:00 in Shanghai, 07:00 in New York.
const now = new Date('2026-12-02T12:00:00Z');
const shanghai = { now, zone: 'Asia/Shanghai', locale: 'zh-CN' as const };
const newYork = { now, zone: 'America/New_York', locale: 'en' as const };
const startedAt: FormField = { name: 'started_at', label: 'Started at', kind: 'datetime', required: false };
const startedAtZh: FormField = { ...startedAt, label: '开始时间' };

const instant = (raw: string, ctx: Parameters<typeof readTime>[1]) => {
  const r = readTime(raw, ctx);
  return r.ok ? r.at.toISOString() : 'unreadable';
};

describe('times as people write them', () => {
  it('takes an ISO time pasted from a monitoring tool, fractions and offset included, as the instant it names', () => {
    expect(instant('2026-12-02T20:27:44.517Z', newYork)).toBe('2026-12-02T20:27:44.517Z');
    expect(instant('2026-12-02T14:30:00+08:00', newYork)).toBe('2026-12-02T06:30:00.000Z');
    expect(instant('2026-12-02T14:30:00.5-0500', shanghai)).toBe('2026-12-02T19:30:00.500Z');
  });

  it('reads a date and clock time without an offset on the reader’s own clock', () => {
    expect(instant('2026-12-02 14:30', shanghai)).toBe('2026-12-02T06:30:00.000Z');
    expect(instant('2026-12-02 14:30', newYork)).toBe('2026-12-02T19:30:00.000Z');
  });

  it('reads a clock time alone as today in the reader’s zone', () => {
    expect(instant('14:30', shanghai)).toBe('2026-12-02T06:30:00.000Z');
    expect(instant('06:15', newYork)).toBe('2026-12-02T11:15:00.000Z');
  });

  it('reads now and relative times in English and Chinese', () => {
    expect(instant('now', newYork)).toBe(now.toISOString());
    expect(instant('现在', shanghai)).toBe(now.toISOString());
    expect(instant('10 min ago', newYork)).toBe('2026-12-02T11:50:00.000Z');
    expect(instant('2h ago', shanghai)).toBe('2026-12-02T10:00:00.000Z');
    expect(instant('10分钟前', shanghai)).toBe('2026-12-02T11:50:00.000Z');
    expect(instant('10分钟前', newYork)).toBe('2026-12-02T11:50:00.000Z');
    expect(instant('昨天 14:30', shanghai)).toBe('2026-12-01T06:30:00.000Z');
    expect(instant('yesterday 14:30', newYork)).toBe('2026-12-01T19:30:00.000Z');
  });

  it('refuses what is not a time, or not all of it one', () => {
    for (const raw of ['hello', '2026-02-30 14:30', '25:00', 'yesterday', 'call me 14:30 maybe']) expect(instant(raw, newYork)).toBe('unreadable');
  });

  it('keeps the wall clock right across a daylight-saving change', () => {
    // New York left summer time on 2026-11-01: 12:00 that day is UTC-5, the day before UTC-4.
    expect(instant('2026-11-01 12:00', newYork)).toBe('2026-11-01T17:00:00.000Z');
    expect(instant('2026-10-31 12:00', newYork)).toBe('2026-10-31T16:00:00.000Z');
  });

  it('knows IANA zone names and shows a time on a zone’s clock', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(formatInZone(new Date('2026-12-02T06:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-02 14:30');
  });
});

describe('a date-time field', () => {
  it('says how a time was read, with its zone, in both languages', () => {
    expect(parseField(startedAt, '14:30', 'en', now, 'Asia/Shanghai')).toEqual({ ok: true, value: new Date('2026-12-02T06:30:00Z') });
    expect(howRead(startedAt, new Date('2026-12-02T06:30:00Z'), 'en', 'Asia/Shanghai')).toBe('Started at: read as 2026-12-02 14:30 Asia/Shanghai.');
    const yesterday = parseField(startedAtZh, '昨天 14:30', 'zh-CN', now, 'Asia/Shanghai');
    expect(yesterday.ok && yesterday.value instanceof Date && howRead(startedAtZh, yesterday.value, 'zh-CN', 'Asia/Shanghai')).toBe('开始时间：按 2026-12-01 14:30（Asia/Shanghai）理解。');
  });

  it('keeps its clear messages for a time in the future, decades back, or unreadable', () => {
    expect(parseField(startedAt, '2026-12-02 23:30', 'en', now, 'America/New_York')).toMatchObject({ ok: false, error: expect.stringContaining('Started at') });
    expect(parseField(startedAt, '1990-01-01 10:00', 'en', now, 'America/New_York')).toMatchObject({ ok: false, error: expect.stringContaining('Started at') });
    expect(parseField(startedAt, 'soonish', 'en', now)).toEqual({ ok: false, error: "Started at: 'soonish' is not a date-time; write it like 2026-11-28 14:30." });
  });
});
