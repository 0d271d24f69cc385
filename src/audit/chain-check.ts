import { UNKEYED, verifyChain, type ChainedEvent } from '../domain/timeline.ts';
import { eventId } from '../store/timeline.ts';
import type { Finding } from './findings.ts';

/** What the ledger says the chain must be: keyed from `keyedFrom`; for an adopted one, its old head. */
export type ChainExpectation = { keyedFrom?: number; adoptedHead?: { seq: number; hash: string } };

export type Stored = { id: string; event: ChainedEvent };

/**
 * One incident's chain: every event stored under its own id, the links and hashes recomputed with
 * the key, no plain hash where a keyed one is due, and the pre-key part as it was adopted.
 */
export function checkChain(incident: string, stored: readonly Stored[], key: Uint8Array, exp: ChainExpectation): Finding[] {
  const findings: Finding[] = [];
  for (const { id, event } of stored) {
    const own = eventId(event.incidentKey, event.seq);
    if (id !== own) findings.push({ kind: 'chain.misfiled', incident, seq: event.seq, detail: `event ${event.seq} is stored as ${id} but reads ${event.incidentKey} event ${event.seq}` });
  }
  const events = [...stored].map((s) => s.event).sort((a, b) => a.seq - b.seq);
  const seen = new Set<number>();
  for (const e of events) {
    if (seen.has(e.seq)) findings.push({ kind: 'chain.broken', incident, seq: e.seq, detail: `more than one event claims to be event ${e.seq}` });
    seen.add(e.seq);
  }
  const verdict = verifyChain(events, key, { keyedFrom: exp.keyedFrom });
  if (!verdict.ok) {
    findings.push({ kind: verdict.problem === UNKEYED ? 'chain.unkeyed' : 'chain.broken', incident, seq: verdict.seq, detail: `event ${verdict.seq} ${verdict.problem}` });
  }
  const head = exp.adoptedHead;
  if (head && head.seq > 0) {
    const at = events.find((e) => e.seq === head.seq);
    if (at?.hash !== head.hash) findings.push({ kind: 'ledger.head', incident, seq: head.seq, detail: `event ${head.seq} is not the one adopted into the ledger as the head before the audit key` });
  }
  return findings;
}
