import { verifyLedger, type LedgerEntry } from '../domain/timeline.ts';
import { ledgerId } from '../store/ledger.ts';
import type { ChainExpectation } from './chain-check.ts';
import type { Finding } from './findings.ts';

export type LedgerView = {
  findings: Finding[];
  /** The first entry per incident: what its chain must be (chain-check) and that it was raised. */
  first: Map<string, LedgerEntry>;
};

/** The ledger's own chain (always whole: one break anywhere puts every later entry in doubt). */
export function checkLedger(ledger: readonly { id: string; entry: LedgerEntry }[], key: Uint8Array): LedgerView {
  const findings: Finding[] = [];
  const entries = ledger.map((l) => l.entry).sort((a, b) => a.seq - b.seq);
  for (const { id, entry } of ledger) {
    if (id !== ledgerId(entry.seq)) findings.push({ kind: 'ledger.broken', ledgerSeq: entry.seq, incident: entry.incidentKey, detail: `ledger entry ${entry.seq} (${entry.incidentKey}) is stored as ${id}` });
  }
  const verdict = verifyLedger(entries, key);
  if (!verdict.ok) {
    const at = entries.find((e) => e.seq === verdict.seq);
    findings.push({ kind: 'ledger.broken', ledgerSeq: verdict.seq, ...(at ? { incident: at.incidentKey } : {}), detail: `ledger entry ${verdict.seq}${at ? ` (${at.incidentKey})` : ''} ${verdict.problem}` });
  }
  const firstRaised = entries.find((e) => e.kind === 'raised');
  for (const e of entries) {
    if (e.kind === 'adopted' && firstRaised && e.seq > firstRaised.seq) {
      findings.push({ kind: 'ledger.late', incident: e.incidentKey, ledgerSeq: e.seq, detail: `${e.incidentKey} was adopted at ledger entry ${e.seq}, after ${firstRaised.incidentKey} was raised under the key at entry ${firstRaised.seq}` });
    }
  }
  const first = new Map<string, LedgerEntry>();
  for (const e of entries) if (!first.has(e.incidentKey)) first.set(e.incidentKey, e);
  return { findings, first };
}

export const expectationOf = (entry: LedgerEntry | undefined): ChainExpectation =>
  !entry ? {} : entry.kind === 'raised' ? { keyedFrom: 1 } : { keyedFrom: (entry.head?.seq ?? 0) + 1, adoptedHead: entry.head };

/**
 * An incident against the ledger: one the ledger knows must still be in the database with its events;
 * one it does not know is not the bot's. `events` is how many the database holds for it.
 */
export function checkMembership(key: string, entry: LedgerEntry | undefined, hasIncident: boolean, events: number): Finding[] {
  // Known to the anchors alone: their check names what is gone.
  if (!entry && !hasIncident && !events) return [];
  const counted = events === 1 ? '1 event' : `${events} events`;
  if (!entry) {
    const what = hasIncident ? `${key} is in the database${events ? ` with ${counted}` : ''}` : `${counted} of ${key} in the database, with no incident`;
    return [{ kind: 'ledger.unknown', incident: key, ...(events ? { seq: 1 } : {}), detail: `${what}, and the ledger has no entry for it` }];
  }
  const raised = `raised at ledger entry ${entry.seq} (${entry.at.toISOString()})`;
  if (!hasIncident && !events) return [{ kind: 'ledger.missing', incident: key, ledgerSeq: entry.seq, detail: `${key} was ${raised}; neither the incident nor any of its events is in the database` }];
  if (!hasIncident) return [{ kind: 'ledger.missing', incident: key, ledgerSeq: entry.seq, detail: `${key} was ${raised}; the incident document is gone, ${counted} of its timeline left` }];
  const expected = entry.kind === 'raised' ? 1 : (entry.head?.seq ?? 0);
  if (events < Math.min(expected, 1)) return [{ kind: 'ledger.missing', incident: key, ledgerSeq: entry.seq, seq: 1, detail: `${key} was ${raised} and has no events: event 1 onwards are gone` }];
  return [];
}
