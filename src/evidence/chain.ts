import { GENESIS, hashEvent, verifyChain, type ChainedEvent } from '../domain/timeline.ts';

/**
 * The timeline's verdict as the manifest states it. `keyed: true`: checked with the audit key,
 * every hash recomputed (the same check as crisis-bot audit's chain part). `keyed: false`: no key
 * at hand, so only what needs none — the sequence, each event pointing at its predecessor, and
 * the plain SHA-256 of events written before the key existed; keyed hashes are left unchecked.
 */
export type Verification =
  | { ok: true; keyed: boolean; count: number; note?: string }
  | { ok: false; keyed: boolean; seq: number; problem: string; note?: string };

export function linksOnly(events: readonly ChainedEvent[]): Verification {
  let prev = GENESIS;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== i + 1) return { ok: false, keyed: false, seq: i + 1, problem: `event ${i + 1} is missing (found seq ${e.seq})` };
    if (e.prevHash !== prev) return { ok: false, keyed: false, seq: e.seq, problem: 'does not point at the previous event' };
    if (e.hashAlg !== 'hmac1' && hashEvent(e) !== e.hash) return { ok: false, keyed: false, seq: e.seq, problem: 'content does not match its hash' };
    prev = e.hash;
  }
  return { ok: true, keyed: false, count: events.length };
}

/** With the key: the full recomputation; without: the links, and a note saying what was not checked. */
export function verifyTimeline(events: readonly ChainedEvent[], key: Uint8Array | undefined, note?: string): Verification {
  if (!key) {
    const links = linksOnly(events);
    return { ...links, note: `keyed hashes not checked: ${note ?? 'no audit key'}` };
  }
  const v = verifyChain(events, key);
  return v.ok ? { ok: true, keyed: true, count: v.count } : { ok: false, keyed: true, seq: v.seq, problem: v.problem };
}
