import { createHash } from 'node:crypto';

export type TimelineEventType =
  | 'incident.raised'
  | 'level.overridden'
  | 'room.opened'
  | 'member.invited'
  | 'step.done'
  | 'step.reopened'
  | 'delivery.failed';

export type ChainedEvent = {
  incidentKey: string;
  seq: number;
  at: Date;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
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

export function hashEvent(e: Omit<ChainedEvent, 'hash'>): string {
  const { incidentKey, seq, at, type, actor, data, prevHash } = e;
  return createHash('sha256').update(canonical({ incidentKey, seq, at, type, actor, data, prevHash })).digest('hex');
}

export type ChainVerdict = { ok: true; count: number } | { ok: false; seq: number; problem: string };

/** Recomputes the chain: each event must hash to its stored hash and point at its predecessor. */
export function verifyChain(events: readonly ChainedEvent[]): ChainVerdict {
  let prev = GENESIS;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== i + 1) return { ok: false, seq: i + 1, problem: `event ${i + 1} is missing (found seq ${e.seq})` };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, problem: 'does not point at the previous event' };
    if (hashEvent(e) !== e.hash) return { ok: false, seq: e.seq, problem: 'content does not match its hash' };
    prev = e.hash;
  }
  return { ok: true, count: events.length };
}
