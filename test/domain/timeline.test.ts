import { describe, expect, it } from 'vitest';
import { canonical, GENESIS, hashEvent, UNKEYED, verifyChain, type ChainedEvent } from '../../src/domain/timeline.ts';

function chain(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  for (let i = 1; i <= n; i++) {
    const draft = { incidentKey: 'INC-20261128-001', seq: i, at: new Date(1_700_000_000_000 + i), type: 'step.done', actor: 'Ann', data: { n: i }, prevHash: out.at(-1)?.hash ?? GENESIS };
    out.push({ ...draft, hash: hashEvent(draft) });
  }
  return out;
}

describe('timeline hash chain', () => {
  it('hashes the same content the same whatever the key order', () => {
    expect(canonical({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
  });

  it('verifies an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, count: 5 });
  });

  it('names the first event whose content changed', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, data: { n: 99 } };
    expect(verifyChain(c)).toEqual({ ok: false, seq: 3, problem: 'content does not match its hash' });
  });

  it('notices an event rewritten together with its own hash', () => {
    const c = chain(5);
    const forged = { ...c[1]!, actor: 'Mallory' };
    c[1] = { ...forged, hash: hashEvent(forged) };
    expect(verifyChain(c)).toEqual({ ok: false, seq: 3, problem: 'does not point at the previous event' });
  });

  it('notices a missing event', () => {
    const c = chain(4);
    c.splice(1, 1);
    expect(verifyChain(c)).toMatchObject({ ok: false, seq: 2 });
  });
});

describe('keyed timeline hash chain', () => {
  const key = Buffer.from('k'.repeat(32));
  function keyed(n: number, k: Uint8Array = key): ChainedEvent[] {
    const out: ChainedEvent[] = [];
    for (let i = 1; i <= n; i++) {
      const draft = { incidentKey: 'INC-20261128-001', seq: i, at: new Date(1_700_000_000_000 + i), type: 'step.done', actor: 'Ann', data: { n: i }, prevHash: out.at(-1)?.hash ?? GENESIS, hashAlg: 'hmac1' as const };
      out.push({ ...draft, hash: hashEvent(draft, k) });
    }
    return out;
  }

  it('verifies only with the key it was written with', () => {
    expect(verifyChain(keyed(3), key)).toEqual({ ok: true, count: 3 });
    expect(verifyChain(keyed(3), Buffer.from('x'.repeat(32)))).toEqual({ ok: false, seq: 1, problem: 'content does not match its hash' });
    expect(verifyChain(keyed(3))).toMatchObject({ ok: false, seq: 1, problem: expect.stringContaining('no audit key') });
  });

  it('refuses a plain hash after a keyed one, and where keyed ones are due', () => {
    const c = keyed(3);
    const { hashAlg: _alg, hash: _hash, ...plain } = { ...c[2]!, actor: 'Mallory' };
    c[2] = { ...plain, hash: hashEvent(plain) };
    expect(verifyChain(c, key)).toEqual({ ok: false, seq: 3, problem: UNKEYED });
    expect(verifyChain(chain(2), key, { keyedFrom: 2 })).toEqual({ ok: false, seq: 2, problem: UNKEYED });
    expect(verifyChain(chain(2), key, { keyedFrom: 3 })).toEqual({ ok: true, count: 2 });
  });
});
