import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one signing scheme of crisis-bot's own HTTP contracts (DESIGN.md "Contract: endpoints"):
 * inbound `POST /signals` and outbound statement webhooks. Headers:
 *   X-Crisis-Timestamp: <Unix seconds>
 *   X-Crisis-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">
 * The timestamp is inside the signed text, so a captured request cannot be re-dated; a request
 * older (or newer) than the window is stale, and within the window a replay is refused by the
 * caller's first-sight record (see `replayKey`).
 */

export const TIMESTAMP_HEADER = 'x-crisis-timestamp';
export const SIGNATURE_HEADER = 'x-crisis-signature';
/** How far a timestamp may be from our clock, either way (clock skew counts as staleness). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

const VERSION = 'v1';

export type Signed = { timestamp: string; signature: string };

function hmacHex(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The two headers for `body`, signed at `now` (outbound webhooks, tests, the README's example). */
export function sign(secret: string, body: Buffer | string, now: Date = new Date()): Signed {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { timestamp, signature: `${VERSION}=${hmacHex(secret, timestamp, body)}` };
}

/** The same, as an object of HTTP headers. */
export function signedHeaders(secret: string, body: Buffer | string, now?: Date): Record<string, string> {
  const s = sign(secret, body, now);
  return { 'X-Crisis-Timestamp': s.timestamp, 'X-Crisis-Signature': s.signature };
}

export type Verdict = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * Whether `signature` over (`timestamp`, `body`) was made with `secret` within the window around
 * `now`. The comparison is timing-safe, and a signature is compared only once its shape is right,
 * so the time it takes tells nothing about the expected value.
 */
export function verify(secret: string, body: Buffer | string, timestamp: string | undefined, signature: string | undefined, now: Date = new Date()): Verdict {
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed' };
  const m = /^v1=([0-9a-f]{64})$/.exec(signature.trim());
  if (!m) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > SIGNATURE_WINDOW_MS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  const given = Buffer.from(m[1]!, 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/**
 * The first-sight key of a verified request: the signature names (timestamp, body) exactly, so a
 * second sight within the window is a replay. Outside the window it is stale anyway, so the claim
 * need only outlive the window (the dedup purge keeps it longer).
 */
export const replayKey = (scope: string, signature: string) => `replay:${scope}:${signature.trim().slice(VERSION.length + 1)}`;
