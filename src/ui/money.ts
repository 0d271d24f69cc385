/**
 * How people write money: `¥200,000`, `200 000 元`, `CNY 5000`, `1,200,000.50`. The one money
 * reader of every form (the raise's direct loss, the impact's losses, a resource request): the
 * sign or code of the field's currency may be written, another currency's is refused by name
 * rather than silently read as this one.
 */

/** Signs and words written for a currency besides its ISO code. `¥` is the yen's where the playbook counts in JPY. */
const SIGNS: Record<string, readonly string[]> = {
  CNY: ['¥', '￥', '元', 'RMB', '人民币'],
  JPY: ['¥', '￥', '円'],
  USD: ['$', 'US$', 'USD$'],
  EUR: ['€'],
  GBP: ['£'],
  HKD: ['HK$'],
  TWD: ['NT$'],
  SGD: ['S$'],
  AUD: ['A$'],
  CAD: ['C$'],
  INR: ['₹'],
  KRW: ['₩'],
};

export type MoneyRead = { ok: true; digits: string } | { ok: false; other?: string };

const fullWidth = (raw: string) => raw.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** Every sign of every currency, longest first, so `US$` is found before `$`. */
const ALL = Object.entries(SIGNS)
  .flatMap(([code, signs]) => [code, ...signs].map((s) => ({ code, s })))
  .sort((a, b) => b.s.length - a.s.length);

/**
 * The number part of a typed amount once an optional leading or trailing sign or code of
 * `currency` is taken off; `other` names the currency when the sign is another's.
 */
export function readMoney(raw: string, currency?: string): MoneyRead {
  let text = fullWidth(raw.trim());
  const upper = text.toUpperCase();
  const mark = ALL.find(({ s }) => upper.startsWith(s.toUpperCase()) || upper.endsWith(s.toUpperCase()));
  if (mark) {
    const own = currency !== undefined && (mark.code === currency || (SIGNS[currency] ?? []).some((s) => s.toUpperCase() === mark.s.toUpperCase()));
    if (!own) return { ok: false, other: mark.code };
    text = upper.startsWith(mark.s.toUpperCase()) ? text.slice(mark.s.length) : text.slice(0, text.length - mark.s.length);
  }
  const digits = text.replace(/[,，_\s]/g, '');
  return /^\d{1,15}(\.\d{1,2})?$/.test(digits) ? { ok: true, digits } : { ok: false };
}
