import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { replayKey, sign, SIGNATURE_WINDOW_MS, signedHeaders, verify } from '../../src/security/signature.ts';

const SECRET = 'a-test-secret';
const BODY = '{"source":"monitor","metric":"negative_mentions","value":3}';
const AT = new Date('2026-12-03T08:00:00Z');

describe('request signing (X-Crisis-Timestamp / X-Crisis-Signature)', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256 as v1=<hex>, exactly as the contract spells it', () => {
    const s = sign(SECRET, BODY, AT);
    expect(s.timestamp).toBe(String(AT.getTime() / 1000));
    const expected = createHmac('sha256', SECRET).update(`${s.timestamp}.${BODY}`).digest('hex');
    expect(s.signature).toBe(`v1=${expected}`);
    expect(signedHeaders(SECRET, BODY, AT)).toEqual({ 'X-Crisis-Timestamp': s.timestamp, 'X-Crisis-Signature': s.signature });
  });

  it('accepts its own signature within the five-minute window, either side of the clock', () => {
    const s = sign(SECRET, BODY, AT);
    expect(verify(SECRET, BODY, s.timestamp, s.signature, AT)).toEqual({ ok: true });
    expect(verify(SECRET, Buffer.from(BODY), s.timestamp, s.signature, new Date(AT.getTime() + SIGNATURE_WINDOW_MS))).toEqual({ ok: true });
    expect(verify(SECRET, BODY, s.timestamp, s.signature, new Date(AT.getTime() - SIGNATURE_WINDOW_MS))).toEqual({ ok: true });
  });

  it('refuses a stale request, an altered body, another secret, a re-dated timestamp and a missing or malformed header', () => {
    const s = sign(SECRET, BODY, AT);
    expect(verify(SECRET, BODY, s.timestamp, s.signature, new Date(AT.getTime() + SIGNATURE_WINDOW_MS + 1000))).toEqual({ ok: false, reason: 'stale' });
    expect(verify(SECRET, BODY.replace('3', '4'), s.timestamp, s.signature, AT)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify('another-secret', BODY, s.timestamp, s.signature, AT)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(SECRET, BODY, String(Number(s.timestamp) + 1), s.signature, AT)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(SECRET, BODY, undefined, s.signature, AT)).toEqual({ ok: false, reason: 'missing' });
    expect(verify(SECRET, BODY, s.timestamp, undefined, AT)).toEqual({ ok: false, reason: 'missing' });
    expect(verify(SECRET, BODY, s.timestamp, s.signature.replace('v1=', 'v0='), AT)).toEqual({ ok: false, reason: 'malformed' });
    expect(verify(SECRET, BODY, s.timestamp, 'v1=abc', AT)).toEqual({ ok: false, reason: 'malformed' });
    expect(verify(SECRET, BODY, 'yesterday', s.signature, AT)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('keys a replay by the signature alone: the same request twice has one key, another request another', () => {
    const a = sign(SECRET, BODY, AT);
    const b = sign(SECRET, BODY, new Date(AT.getTime() + 1000));
    expect(replayKey('signals', a.signature)).toBe(replayKey('signals', ` ${a.signature}`));
    expect(replayKey('signals', a.signature)).not.toBe(replayKey('signals', b.signature));
  });
});
