import { describe, expect, it } from 'vitest';
import { canVerify, currentFacts, mergedCriteria, nextFactId, type FactVersion, type Impact } from '../../src/domain/assessment.ts';

const erin = { id: 'erin', name: 'Erin' };
const frank = { id: 'frank', name: 'Frank' };
const fact = (id: string, v: number, extra: Partial<FactVersion> = {}): FactVersion => ({
  id, v, what: `${id} v${v}`, source: 'on-site', confidence: 'high', author: erin, at: new Date(0), status: 'unverified', ...extra,
});
const impact = (extra: Partial<Impact>): Impact => ({
  n: 1, by: frank, at: new Date(0), criteria: {},
  scores: { operations: { score: 1 }, finance: { score: 1 }, reputation: { score: 1 }, personnel: { score: 1 } }, ...extra,
});

describe('facts', () => {
  it('shows the latest version of each fact in the order facts were first added, and numbers new ones after the highest', () => {
    const versions = [fact('F1', 1), fact('F2', 1), fact('F10', 1), fact('F1', 2), fact('F2', 2), fact('F1', 3)];
    expect(currentFacts(versions).map((f) => f.what)).toEqual(['F1 v3', 'F2 v2', 'F10 v1']);
    expect(nextFactId(versions)).toBe('F11');
    expect(nextFactId([])).toBe('F1');
  });

  it('lets anyone but the author verify, once', () => {
    expect(canVerify(fact('F1', 1), erin)).toEqual({ ok: false, why: 'own' });
    expect(canVerify(fact('F1', 1), frank)).toEqual({ ok: true });
    expect(canVerify(fact('F1', 1, { status: 'disputed' }), frank)).toEqual({ ok: true });
    expect(canVerify(fact('F1', 1, { status: 'verified' }), frank)).toEqual({ ok: false, why: 'already' });
  });
});

describe('criteria from an impact assessment', () => {
  it('overrides what was known with what the assessment gives and keeps the rest', () => {
    expect(mergedCriteria({ people_affected: 12, regions: 2 }, impact({ criteria: { people_affected: 150 } }), 'CNY')).toEqual({ people_affected: 150, regions: 2 });
  });

  it('counts a direct loss only in the playbook currency, whose thresholds it is compared with', () => {
    expect(mergedCriteria({}, impact({ directLoss: { amount: 2_000_000, currency: 'CNY' } }), 'CNY')).toEqual({ direct_loss: 2_000_000 });
    expect(mergedCriteria({ direct_loss: 5 }, impact({ directLoss: { amount: 2_000_000, currency: 'USD' } }), 'CNY')).toEqual({ direct_loss: 5 });
  });
});
