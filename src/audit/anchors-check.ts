import type { Anchor } from './anchors.ts';
import type { Finding } from './findings.ts';

export type AnchorVerdict = { findings: Finding[]; anchoredAt: number };

/**
 * One chain against its anchors: every anchored (seq, hash) must still be in the database as it was
 * recorded. The highest anchored entry missing means the tail was cut; one present with another hash
 * means a rewrite. Entries newer than the last anchor are not findings (a crash between the write and
 * its anchor, or another host's anchors file): the report counts them.
 */
export function checkAnchors(chain: { incident?: string; ledger?: boolean }, anchors: readonly Anchor[], hashes: ReadonlyMap<number, string>): AnchorVerdict {
  const findings: Finding[] = [];
  const storedHead = Math.max(0, ...hashes.keys());
  const what = chain.ledger ? 'ledger entry' : 'event';
  const where = (a: Anchor) => (chain.ledger ? { ledgerSeq: a.seq } : { incident: chain.incident, seq: a.seq });
  const anchoredAt = Math.max(0, ...anchors.map((a) => a.seq));
  const gone = anchors.filter((a) => !hashes.has(a.seq)).sort((a, b) => b.seq - a.seq)[0];
  if (gone) {
    findings.push({
      kind: chain.ledger ? 'ledger.gone' : 'anchor.gone',
      ...where(gone),
      detail: `${what} ${gone.seq} is gone: the anchors file recorded it (line ${gone.line}, ${gone.at}) and the database ${storedHead ? `ends at ${what} ${storedHead}` : 'has none'}`,
    });
  }
  const differs = anchors.filter((a) => hashes.has(a.seq) && hashes.get(a.seq) !== a.hash).sort((a, b) => a.seq - b.seq)[0];
  if (differs) {
    findings.push({ kind: 'anchor.differs', ...where(differs), anchorLine: differs.line, detail: `${what} ${differs.seq} is not the one the anchors file recorded (line ${differs.line}, ${differs.at})` });
  }
  return { findings, anchoredAt };
}
