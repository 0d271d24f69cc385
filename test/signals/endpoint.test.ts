import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/security/signature.ts';
import { countSignals } from '../../src/store/signals.ts';
import { useTestDb } from '../support/core.ts';
import { SECRET, signalsHarness } from './support.ts';

const db = useTestDb();
let n = 0;
let h: Awaited<ReturnType<typeof signalsHarness>> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const harness = async () => (h = await signalsHarness(db.uri(`endpoint_${n++}`)));

describe('POST /signals: the signed contract', () => {
  it('accepts a signed signal (202) and records it once', async () => {
    const s = await harness();
    const r = await s.send({ metric: 'negative_mentions_per_hour', value: 12 });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ ok: true, id: expect.stringMatching(/^S-[0-9a-f]{32}$/) });
    expect(await countSignals(s.core.db)).toBe(1);
  });

  it('refuses forged, stale, replayed and malformed requests and stores none of them', async () => {
    const s = await harness();
    const raw = s.body({ metric: 'negative_mentions_per_hour', value: 80 });
    // Forged: signed with another secret, or the body changed after signing.
    expect((await s.postRaw(raw, signedHeaders('not-the-secret-at-all', raw, s.clock.now()))).status).toBe(401);
    const good = signedHeaders(SECRET, raw, s.clock.now());
    expect((await s.postRaw(raw.replace('80', '8'), good)).status).toBe(401);
    // Unsigned.
    expect((await s.postRaw(raw, {})).status).toBe(401);
    // Stale: signed six minutes ago (the signature itself is right).
    const old = new Date(s.clock.now().getTime() - 6 * 60_000);
    const stale = await s.postRaw(raw, signedHeaders(SECRET, raw, old));
    expect(stale).toMatchObject({ status: 401, body: { error: expect.stringContaining('stale') } });
    // Replayed: the same signed request twice; the first is accepted, the second refused.
    expect((await s.postRaw(raw, good)).status).toBe(202);
    const replay = await s.postRaw(raw, good);
    expect(replay).toMatchObject({ status: 401, body: { error: expect.stringContaining('replayed') } });
    // Malformed, though correctly signed: each answer names the field.
    const bad = async (body: string) => (await s.postRaw(body)).body;
    expect(await bad('{not json')).toMatchObject({ error: 'body is not JSON' });
    expect(await bad(s.body({ metric: 'negative_mentions_per_hour', value: 'many' as unknown as number }))).toMatchObject({ field: 'value' });
    expect(await bad(s.body({ metric: 'negative_mentions_per_hour', value: 1, at: 'yesterday' }))).toMatchObject({ field: 'at' });
    expect(await bad(s.body({ metric: 'negative_mentions_per_hour', value: 1, link: 'javascript:alert(1)' }))).toMatchObject({ field: 'link' });
    expect(await bad(JSON.stringify({ source: 'x', metric: 'm', value: 1, at: 1, link: 'https://x.example' }))).toMatchObject({ field: 'dedup_key' });
    expect((await s.postRaw(s.body({ metric: 'Bad Metric', value: 1 }))).status).toBe(400);
    // Only the one accepted request is stored.
    expect(await countSignals(s.core.db)).toBe(1);
  });

  it('verifies exactly the documented scheme: v1= hex HMAC-SHA256 of "<timestamp>.<raw body>"', async () => {
    const s = await harness();
    const raw = s.body({ metric: 'shares_per_minute', value: 3 });
    const ts = String(Math.floor(s.clock.now().getTime() / 1000));
    const hex = createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex');
    expect((await s.postRaw(raw, { 'X-Crisis-Timestamp': ts, 'X-Crisis-Signature': `v1=${hex}` })).status).toBe(202);
  });

  it('answers 404 with what to set while signals are off', async () => {
    const s = await harness();
    await s.signals.stop();
    const res = await s.postRaw(s.body({ metric: 'shares_per_minute', value: 3 }));
    expect(res).toMatchObject({ status: 404, body: { error: 'signals are off: set CRISIS_SIGNALS_SECRET' } });
  });
});
