import type { ChainedEvent, LedgerEntry } from '../domain/timeline.ts';
import type { Incident, Step } from '../store/records.ts';
import { LEDGER_CHAIN } from '../store/ledger.ts';
import type { AuditSnapshot } from '../store/snapshot.ts';
import type { Anchor, AnchorsRead } from './anchors.ts';
import { checkAnchors } from './anchors-check.ts';
import { checkChain, type Stored } from './chain-check.ts';
import { crossCheck } from './cross-check.ts';
import type { Finding } from './findings.ts';
import { checkLedger, checkMembership, expectationOf } from './ledger-check.ts';
import { headOf } from '../incidents/record-line.ts';

export type IncidentResult = {
  key: string;
  events: number;
  /** Events hashed without the key: written before it existed (adopted), or forged. */
  plain: number;
  ledgerSeq?: number;
  anchoredAt: number;
  /** The chain's last event as stored: what the war room's pinned summary shows (src/incidents/record-line.ts). */
  head?: { seq: number; hash: string };
  findings: Finding[];
};

export type AuditReport = {
  ok: boolean;
  checked: { incidents: number; events: number; steps: number; facts: number; ledgerEntries: number; anchors: number; anchorsFile: string; since?: string; only?: string };
  incidents: IncidentResult[];
  /** Findings about the ledger and the anchors file as a whole. */
  global: Finding[];
  /** Events newer than the last anchor of their chain (not findings: see checkAnchors). */
  unanchored: number;
};

export type AuditScope = { only?: string; since?: Date };

/**
 * Runs every check on what was read: the ledger's chain and its anchors, then per incident the
 * chain, its anchors, its ledger membership and the cross-checks. Pure given its inputs.
 */
export function runAudit(snap: AuditSnapshot, anchors: AnchorsRead, key: Uint8Array, scope: AuditScope = {}): AuditReport {
  const ledger = checkLedger(snap.ledger, key);
  const byChain = groupBy(anchors.anchors, (a) => a.chain);
  const ledgerHashes = new Map(snap.ledger.map((l) => [l.entry.seq, l.entry.hash]));
  const global: Finding[] = [...ledger.findings.filter((f) => !f.incident || !scope.only || f.incident === scope.only)];
  global.push(...checkAnchors({ ledger: true }, byChain.get(LEDGER_CHAIN) ?? [], ledgerHashes).findings);
  global.push(...anchors.bad.map((b): Finding => ({ kind: 'anchor.bad', anchorLine: b.line, detail: `line ${b.line} of ${anchors.file} ${b.why}` })));
  if (anchors.missing && snap.ledger.length) global.push({ kind: 'anchor.none', detail: `${anchors.file} does not exist` });

  const incidents = new Map(snap.incidents.map((i) => [i.key, i]));
  const events = groupBy(snap.events, (s) => s.event.incidentKey);
  const steps = groupBy(snap.steps, (s) => s.incidentKey);
  const busy = new Set(snap.ops.map((o) => o.incidentKey).filter(Boolean));
  for (const o of snap.ops) for (const k of incidents.keys()) if (o.key.includes(k)) busy.add(k);
  for (const i of snap.incidents) if (!i.setupDone) busy.add(i.key);

  // Chains the anchors file knows count too: an incident deleted with its events and its ledger entry.
  const anchored = [...byChain.keys()].filter((c) => c !== LEDGER_CHAIN);
  const keys = scope.only ? [scope.only] : [...new Set([...incidents.keys(), ...events.keys(), ...ledger.first.keys(), ...anchored])];
  const since = scope.since?.getTime();
  const inScope = (k: string) => {
    if (since === undefined) return true;
    const at = incidents.get(k)?.raisedAt ?? ledger.first.get(k)?.at ?? events.get(k)?.find((s) => s.event.seq === 1)?.event.at;
    return !at || at.getTime() >= since;
  };
  const results: IncidentResult[] = [];
  let unanchored = 0;
  for (const k of keys.filter(inScope).sort()) {
    const r = auditIncident(k, incidents.get(k), events.get(k) ?? [], ledger.first.get(k), byChain.get(k) ?? [], steps.get(k) ?? [], key);
    unanchored += r.unanchored;
    results.push(busy.has(k) ? { ...r.result, findings: r.result.findings.map((f) => ({ ...f, busy: true })) } : r.result);
  }
  const inReport = new Set(results.map((r) => r.key));
  return {
    ok: global.length === 0 && results.every((r) => r.findings.length === 0),
    checked: {
      incidents: results.length,
      events: results.reduce((n, r) => n + r.events, 0),
      steps: snap.steps.filter((s) => inReport.has(s.incidentKey)).length,
      facts: snap.incidents.filter((i) => inReport.has(i.key)).reduce((n, i) => n + (i.facts?.length ?? 0), 0),
      ledgerEntries: snap.ledger.length,
      anchors: anchors.anchors.length,
      anchorsFile: anchors.file,
      ...(scope.since ? { since: scope.since.toISOString() } : {}),
      ...(scope.only ? { only: scope.only } : {}),
    },
    incidents: results,
    global,
    unanchored,
  };
}

/** One incident: its ledger membership, chain, anchors and, if its document is there, its state. */
function auditIncident(
  k: string,
  incident: Incident | undefined,
  stored: readonly Stored[],
  entry: LedgerEntry | undefined,
  anchors: readonly Anchor[],
  steps: readonly Step[],
  key: Uint8Array,
): { result: IncidentResult; unanchored: number } {
  if (!incident && !stored.length && !entry && !anchors.length) {
    const findings: Finding[] = [{ kind: 'incident.unknown', incident: k, detail: `${k} is not in the database, its timeline, the ledger or the anchors` }];
    return { result: { key: k, events: 0, plain: 0, anchoredAt: 0, findings }, unanchored: 0 };
  }
  const sorted = stored.map((s) => s.event).sort((a, b) => a.seq - b.seq);
  const anchored = checkAnchors({ incident: k }, anchors, new Map(sorted.map((e) => [e.seq, e.hash])));
  const findings = [
    ...checkMembership(k, entry, Boolean(incident), stored.length),
    ...checkChain(k, stored, key, expectationOf(entry)),
    ...anchored.findings,
    ...(incident ? crossCheck(incident, sorted, steps) : []),
  ];
  const head = sorted.at(-1)?.seq ?? 0;
  return {
    result: { key: k, events: stored.length, plain: sorted.filter(isPlain).length, ledgerSeq: entry?.seq, anchoredAt: anchored.anchoredAt, head: headOf(sorted.at(-1)), findings },
    unanchored: Math.max(0, head - anchored.anchoredAt),
  };
}

const isPlain = (e: ChainedEvent) => e.hashAlg !== 'hmac1';

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
