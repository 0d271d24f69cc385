import type { LocalizedText } from './schema.ts';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Text in the wanted locale; English when that translation is blank (the schema forbids it, hand-built objects may not). */
export function loc(text: LocalizedText, locale: Locale): string {
  const wanted = text[locale];
  return wanted && wanted.trim() !== '' ? wanted : text.en;
}

/**
 * Maps a platform locale tag (Slack 'zh-CN', Discord 'zh-TW', 'en-US', ...) to a playbook locale.
 * Every Chinese variant gets zh-CN because the playbook carries only Simplified Chinese, which
 * Traditional-Chinese readers follow more easily than English.
 */
export function toLocale(tag: string | undefined | null): Locale {
  if (!tag) return DEFAULT_LOCALE;
  return /^zh\b/i.test(tag.replace('_', '-')) ? 'zh-CN' : DEFAULT_LOCALE;
}
