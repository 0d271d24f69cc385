import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, tryParseDuration } from '../../src/playbook/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1d2h3m4s', 93_784_000],
    [' 15m ', 900_000],
  ])('parses %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['15 minutes', '15', 'm', '', '1.5h', '-5m', '30m1h', '1h1h', '15M', '0m', '0s'])('rejects %j with a fix', (text) => {
    const result = tryParseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/use a positive duration|write a whole number followed by a unit/);
    expect(() => parseDuration(text)).toThrow(RangeError);
  });

  it('formats milliseconds back into the same notation', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
    for (const text of ['90s', '15m', '2h', '1d2h3m4s']) expect(parseDuration(formatDuration(parseDuration(text)))).toBe(parseDuration(text));
  });
});
