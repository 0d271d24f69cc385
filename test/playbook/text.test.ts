import { describe, expect, it } from 'vitest';
import { LOCALES, isLocale, loc, toLocale } from '../../src/playbook/text.ts';

describe('localized text', () => {
  const text = { en: 'Cyber attack', 'zh-CN': '网络攻击' };

  it('picks the wanted locale', () => {
    expect(LOCALES).toEqual(['en', 'zh-CN']);
    expect(loc(text, 'en')).toBe('Cyber attack');
    expect(loc(text, 'zh-CN')).toBe('网络攻击');
  });

  it('falls back to English when the translation is blank', () => {
    expect(loc({ en: 'Cyber attack', 'zh-CN': ' ' }, 'zh-CN')).toBe('Cyber attack');
  });

  it('maps platform locale tags', () => {
    expect(toLocale('zh-CN')).toBe('zh-CN');
    expect(toLocale('zh_TW')).toBe('zh-CN');
    expect(toLocale('en-US')).toBe('en');
    expect(toLocale('fr')).toBe('en');
    expect(toLocale(undefined)).toBe('en');
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('zh')).toBe(false);
  });
});
