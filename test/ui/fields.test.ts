import { describe, expect, it } from 'vitest';
import { parseField } from '../../src/ui/fields.ts';
import type { FormField } from '../../src/ui/form.ts';

const now = new Date('2026-11-28T10:00:00');
const people: FormField = { name: 'people_affected', label: '受影响人数', kind: 'integer', required: false };
const loss: FormField = { name: 'direct_loss', label: 'Direct loss', kind: 'amount', required: false };
const score: FormField = { name: 'ops', label: 'Operations', kind: 'integer', required: true, min: 0, max: 5 };

describe('numbers as people type them', () => {
  it('reads full-width digits and separators from Chinese input methods like ASCII ones', () => {
    expect(parseField(people, '１２', 'zh-CN', now)).toEqual({ ok: true, value: 12 });
    expect(parseField(loss, '1，200，000．50', 'zh-CN', now)).toEqual({ ok: true, value: 1_200_000.5 });
    expect(parseField(loss, '1,200 000', 'en', now)).toEqual({ ok: true, value: 1_200_000 });
  });

  it('still refuses words, signs and out-of-range scores, naming the field', () => {
    expect(parseField(people, '十二', 'zh-CN', now)).toEqual({ ok: false, error: '受影响人数须为不小于 0 的整数，例如 12。' });
    expect(parseField(loss, '-5', 'en', now)).toMatchObject({ ok: false, error: expect.stringContaining('Direct loss must be an amount') });
    expect(parseField(score, '６', 'en', now)).toEqual({ ok: false, error: 'Operations must be a whole number from 0 to 5, e.g. 3.' });
  });
});

describe('currency codes', () => {
  const currency: FormField = { name: 'currency', label: 'Currency', kind: 'currency', required: false };
  it('takes three letters in any case as the code, and names the field for anything else', () => {
    expect(parseField(currency, 'usd', 'en', now)).toEqual({ ok: true, value: 'USD' });
    expect(parseField(currency, 'EURO', 'en', now)).toEqual({ ok: false, error: "Currency: 'EURO' is not a currency code; use three letters such as CNY or USD." });
  });
});

describe('invisible characters', () => {
  const title: FormField = { name: 'title', label: 'Title', kind: 'text', required: true };
  it('removes zero-width spaces, word joiners, soft hyphens and bidi marks, so a look-alike title is the same title', () => {
    expect(parseField(title, 'Ware\u200Bhouse\u2060 fire\u00AD\u200F\uFEFF', 'en', now)).toEqual({ ok: true, value: 'Warehouse fire' });
    // A title of nothing but invisible characters is empty, and says so.
    expect(parseField(title, '\u200B\u200B', 'en', now)).toMatchObject({ ok: false });
  });
  it('keeps the joiners emoji and scripts need', () => {
    expect(parseField(title, 'Family 👨\u200D👩\u200D👧 evacuated', 'en', now)).toEqual({ ok: true, value: 'Family 👨\u200D👩\u200D👧 evacuated' });
  });
});
