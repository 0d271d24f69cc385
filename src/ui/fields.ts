import { readMoney } from './money.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import type { FormField } from './form.ts';
import { formatInZone, readTime, serverZone } from './times.ts';

export type Parsed = { ok: true; value: string | number | boolean | Date } | { ok: false; error: string };

/** How a date-time field's value was read, on the reader's clock and with its zone, to echo so a misread is seen at once. */
export const howRead = (field: FormField, at: Date, locale: Locale, zone: string = serverZone()): string =>
  t(locale, 'times.readAs', { field: field.label, time: formatInZone(at, zone), zone });

// Tabs and newlines are fine in long text; every other C0/C1 control or bidi override is not.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// Invisible formatting characters (zero-width space, word joiner, BOM, soft hyphen, bidi marks) are
// removed: a title that looks like another one must be another one. ZWJ/ZWNJ stay (emoji, scripts).
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200E\u200F\u2060-\u2064\uFEFF]/g;
export const withoutInvisible = (s: string) => s.replace(INVISIBLE, '');
const MENTION = /@everyone|@here|@channel|<!(?:channel|here|everyone)[^>]*>|<@[!&]?[A-Z0-9]+>|<#[A-Z0-9]+(?:\|[^>]*)?>/gi;

const YEAR_MS = 366 * 24 * 3600_000;

/** "1，200" or "１２" as Chinese input methods type them → "1200", "12"; group separators and spaces dropped. */
const asciiNumber = (raw: string) => raw.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，_\s]/g, '');
const CLOCK_SKEW_MS = 5 * 60_000;

/** Mentions in user text that the adapters will neutralise; worth telling the user about. */
export const mentionsIn = (s: string): string[] => [...new Set(s.match(MENTION) ?? [])];

/**
 * Checks and converts one typed value; the error names the field and says how to fix it.
 * `zone`: the reader's IANA time zone, in which wall-clock times are read (else the server's).
 */
export function parseField(field: FormField, input: string, locale: Locale, now: Date, zone: string = serverZone()): Parsed {
  const raw = withoutInvisible(input).trim();
  const name = field.label;
  const fail = (error: string): Parsed => ({ ok: false, error });
  if (raw === '') return field.required ? fail(t(locale, 'err.required', { field: name })) : { ok: true, value: '' };
  switch (field.kind) {
    case 'text':
    case 'longtext': {
      if ((field.kind === 'text' ? CONTROL_SINGLE_LINE : CONTROL).test(raw)) return fail(t(locale, 'err.control', { field: name }));
      const max = field.maxLength ?? 3000;
      const length = [...raw].length;
      if (length > max) return fail(t(locale, 'err.tooLong', { field: name, length, max }));
      return { ok: true, value: raw };
    }
    case 'integer': {
      const digits = asciiNumber(raw);
      const min = field.min ?? 0;
      if (field.max !== undefined && !(/^\d{1,12}$/.test(digits) && Number(digits) >= min && Number(digits) <= field.max)) {
        return fail(t(locale, 'err.range', { field: name, min, max: field.max }));
      }
      if (!/^\d{1,12}$/.test(digits) || Number(digits) < min) return fail(t(locale, 'err.integer', { field: name, min }));
      return { ok: true, value: Number(digits) };
    }
    case 'amount': {
      const read = readMoney(raw, field.currency);
      if (read.ok) return { ok: true, value: Number(read.digits) };
      if (read.other && field.currency) return fail(t(locale, 'err.amountCurrency', { field: name, other: read.other, currency: field.currency }));
      return fail(t(locale, 'err.amount', { field: name, currency: field.currency ?? '' }));
    }
    case 'currency': {
      // An ISO 4217 code; platforms show it as a short text input.
      if (!/^[A-Za-z]{3}$/.test(raw)) return fail(t(locale, 'err.currency', { field: name, value: raw }));
      return { ok: true, value: raw.toUpperCase() };
    }
    case 'select': {
      const opt = field.options?.find((o) => o.value.toLowerCase() === raw.toLowerCase() || o.label.toLowerCase() === raw.toLowerCase());
      if (!opt) return fail(t(locale, 'err.choice', { field: name, value: raw, choices: (field.options ?? []).map((o) => o.value).join(', ') }));
      return { ok: true, value: opt.value };
    }
    case 'datetime': {
      const read = readTime(raw, { now, zone, locale });
      if (!read.ok) return fail(t(locale, 'err.datetime', { field: name, value: raw }));
      const d = read.at;
      if (d.getTime() > now.getTime() + CLOCK_SKEW_MS) return fail(t(locale, 'err.future', { field: name }));
      if (d.getTime() < now.getTime() - YEAR_MS) return fail(t(locale, 'err.tooOld', { field: name }));
      return { ok: true, value: d };
    }
    case 'boolean': {
      if (/^(yes|y|true|1|是)$/i.test(raw)) return { ok: true, value: true };
      if (/^(no|n|false|0|否)$/i.test(raw)) return { ok: true, value: false };
      return fail(t(locale, 'err.boolean', { field: name, value: raw }));
    }
  }
}

export type FormResult = { values: Record<string, Parsed & { ok: true }>; errors: Record<string, string> };

/** Parses every field of a form at once; askIf-fields count only when their trigger has a value. */
export function parseForm(fields: readonly FormField[], raw: Record<string, string>, locale: Locale, now: Date, zone?: string): FormResult {
  const result: FormResult = { values: {}, errors: {} };
  for (const f of fields) {
    if (f.askIf && !raw[f.askIf]?.trim()) continue;
    const p = parseField(f, raw[f.name] ?? '', locale, now, zone);
    if (p.ok) result.values[f.name] = p;
    else result.errors[f.name] = p.error;
  }
  return result;
}
