import type { Locale } from '../playbook/text.ts';
import { en, type MessageKey as BaseKey } from './en.ts';
import { zhCN } from './zh-CN.ts';
import { FEATURE_CATALOGS } from './features/index.ts';

// Distributes over the catalogs (a naked type parameter), so each one's keys count, not only the shared ones.
type KeysOf<C> = C extends { en: infer E } ? keyof E : never;
type FeatureKey = KeysOf<(typeof FEATURE_CATALOGS)[number]>;
export type MessageKey = BaseKey | FeatureKey;
type AllKeys = MessageKey & string;

const merged = (locale: Locale, base: Record<BaseKey, string>) =>
  Object.assign({}, base, ...FEATURE_CATALOGS.map((c) => c[locale])) as Record<AllKeys, string>;
const catalogs: Record<Locale, Record<AllKeys, string>> = { en: merged('en', en), 'zh-CN': merged('zh-CN', zhCN) };

export type Params = Record<string, string | number>;

export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = catalogs[locale][key] ?? catalogs.en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Maps a platform locale ('zh-CN', 'zh_CN', 'zh', 'en-US') to a supported one, or undefined. */
export function supportedLocale(raw: string | undefined | null): Locale | undefined {
  if (!raw) return undefined;
  const l = raw.replace('_', '-').toLowerCase();
  if (l.startsWith('zh')) return 'zh-CN';
  if (l.startsWith('en')) return 'en';
  return undefined;
}

/** "2 h 5 min" — an elapsed or remaining time, in the reader's language. */
export function formatAge(locale: Locale, ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return t(locale, 'age.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t(locale, minutes % 60 ? 'age.hours' : 'age.hoursOnly', { h: hours, m: minutes % 60 });
  return t(locale, 'age.days', { d: Math.floor(hours / 24), h: hours % 24 });
}
