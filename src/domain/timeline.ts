import { createHash, createHmac } from 'node:crypto';

export type TimelineEventType =
  | 'incident.raised'
  | 'level.overridden'
  | 'room.opened'
  | 'member.invited'
  | 'step.done'
  | 'step.reopened'
  | 'delivery.failed';

/**
 * How an event's hash was made. Absent: plain SHA-256 of the content, as every event was before
 * the audit key existed. `hmac1`: HMAC-SHA256 of the same canonical content with the audit key.
 * The marker is stored beside the hashed fields, not inside them: events written before it existed
 * must rehash byte for byte as they were, and flipping it gains a forger nothing — `hmac1` needs
 * the key, and dropping it (a recomputed plain hash) is the downgrade `verifyChain`, the ledger
 * and the anchors refuse.
 */
export type HashAlg = 'hmac1';

export type ChainedEvent = {
  incidentKey: string;
  seq: number;
  at: Date;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
  hashAlg?: HashAlg;
};

export const GENESIS = '0'.repeat(64);

/** JSON with sorted keys, so the same event always hashes the same whatever the store returns. */
export function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** HMAC-SHA256 of a canonical form: the one keyed hash of the timeline, the ledger and the anchors. */
export const keyedHash = (key: Uint8Array, content: unknown) => createHmac('sha256', key).update(canonical(content)).digest('hex');

export class MissingAuditKey extends Error {}

/** The event's hash under its own scheme (`hashAlg`); a keyed event cannot be hashed without the key. */
export function hashEvent(e: Omit<ChainedEvent, 'hash'>, key?: Uint8Array): string {
  const { incidentKey, seq, at, type, actor, data, prevHash } = e;
  const content = { incidentKey, seq, at, type, actor, data, prevHash };
  if (e.hashAlg === 'hmac1') {
    if (!key) throw new MissingAuditKey(`event ${incidentKey} #${seq} is keyed (hmac1) and no audit key was given`);
    return keyedHash(key, content);
  }
  return createHash('sha256').update(canonical(content)).digest('hex');
}

/** The verdict's wording for a downgrade, so callers can tell it from any other break. */
export const UNKEYED = 'carries a plain hash where only keyed ones may be (rewritten or forged without the key)';

export type ChainVerdict = { ok: true; count: number } | { ok: false; seq: number; problem: string };

export type VerifyOptions = {
  /**
   * From this sequence number on every event must be keyed: 1 for an incident raised under the
   * audit key; the event after its adopted head for one that predates the key.
   */
  keyedFrom?: number;
};

/**
 * Recomputes the chain: each event must hash to its stored hash and point at its predecessor, and
 * once one event is keyed, every later one must be too (a plain hash after a keyed one is a forgery).
 */
export function verifyChain(events: readonly ChainedEvent[], key?: Uint8Array, opts: VerifyOptions = {}): ChainVerdict {
  let prev = GENESIS;
  let keyed = false;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== i + 1) return { ok: false, seq: i + 1, problem: `event ${i + 1} is missing (found seq ${e.seq})` };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, problem: 'does not point at the previous event' };
    if (e.hashAlg === 'hmac1' && !key) return { ok: false, seq: e.seq, problem: 'is keyed and no audit key was given to check it' };
    if (e.hashAlg !== 'hmac1' && (keyed || (opts.keyedFrom !== undefined && e.seq >= opts.keyedFrom))) {
      return { ok: false, seq: e.seq, problem: UNKEYED };
    }
    if (hashEvent(e, key) !== e.hash) return { ok: false, seq: e.seq, problem: 'content does not match its hash' };
    keyed ||= e.hashAlg === 'hmac1';
    prev = e.hash;
  }
  return { ok: true, count: events.length };
}

/**
 * One entry of the ledger, the chain of incidents: `raised` when an incident's first event is
 * written under the key; `adopted` for an incident that predates the key, with the head of its
 * plain-hashed chain at adoption (what follows it must be keyed).
 */
export type LedgerEntry = {
  seq: number;
  incidentKey: string;
  at: Date;
  kind: 'raised' | 'adopted';
  head?: { seq: number; hash: string };
  prevHash: string;
  hash: string;
};

/** Always keyed: the ledger began with the key. `chain` separates its hashes from the timeline's. */
export function hashLedgerEntry(e: Omit<LedgerEntry, 'hash'>, key: Uint8Array): string {
  const { seq, incidentKey, at, kind, head, prevHash } = e;
  return keyedHash(key, { chain: 'ledger', seq, incidentKey, at, kind, head, prevHash });
}

export function verifyLedger(entries: readonly LedgerEntry[], key: Uint8Array): ChainVerdict {
  let prev = GENESIS;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== i + 1) return { ok: false, seq: i + 1, problem: `entry ${i + 1} is missing (found entry ${e.seq})` };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, problem: 'does not point at the previous entry' };
    if (hashLedgerEntry(e, key) !== e.hash) return { ok: false, seq: e.seq, problem: 'content does not match its hash' };
    prev = e.hash;
  }
  return { ok: true, count: entries.length };
}
