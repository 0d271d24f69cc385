import { describe, expect, it } from 'vitest';
import { parseField } from '../../src/ui/fields.ts';
import type { FormField } from '../../src/ui/form.ts';

const loss = (currency?: string): FormField => ({ name: 'direct_loss', label: 'Direct loss', kind: 'amount', required: false, currency });
const read = (typed: string, currency = 'CNY', locale: 'en' | 'zh-CN' = 'en') => parseField(loss(currency), typed, locale, new Date());

describe('one money reader for every form', () => {
  it('reads the amounts people write, with the sign or code of the playbook currency before or after', () => {
    for (const [typed, value] of [['¥200,000', 200000], ['￥3,000', 3000], ['200000元', 200000], ['CNY 5000', 5000], ['RMB 1,200,000.50', 1200000.5], ['1 200 000', 1200000], ['１２０', 120]] as const) {
      expect(read(typed), typed).toEqual({ ok: true, value });
    }
    expect(read('$1,000.50', 'USD')).toEqual({ ok: true, value: 1000.5 });
    expect(read('¥5000', 'JPY')).toEqual({ ok: true, value: 5000 });
  });

  it('refuses another currency by name instead of reading it as this one, in both languages', () => {
    expect(read('$1,000')).toEqual({ ok: false, error: 'Direct loss is written in USD, but amounts here are in CNY: type the amount in CNY, e.g. 250000.' });
    expect(read('€500', 'CNY', 'zh-CN')).toEqual({ ok: false, error: 'Direct loss写的是 EUR，这里的金额以 CNY 计：请填写 CNY 金额，例如 250000。' });
  });

  it('refuses letters, negative amounts and a third decimal with the example of what works', () => {
    for (const typed of ['12k', '-5', '1.234', '1.2M CNY', '¥']) {
      const r = read(typed);
      expect(r.ok, typed).toBe(false);
      expect(!r.ok && r.error).toContain('e.g. 250000, 1,200,000.50 or ¥200,000');
    }
  });
});
