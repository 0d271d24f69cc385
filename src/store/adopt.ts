import { claim, isClaimed } from './claims.ts';
import type { Db } from './connect.ts';
import { appendLedger, readLedger } from './ledger.ts';
import { timelineHead } from './timeline.ts';

const ADOPTED = 'ledger:adopted';

export type Adoption = { adopted: string[]; refused: string[] };

/**
 * Brings incidents raised before the audit key existed into the ledger, once per database: each
 * gets an `adopted` entry holding the head of its plain-hashed chain, so from then on a deleted
 * one or a truncated tail is detected like any other, and what follows the head must be keyed.
 * Adoption happens only before the ledger's first `raised` entry; an incident that already has
 * keyed events cannot predate the key, so it is never adopted (missing from the ledger means its
 * entry was removed) — those are returned as `refused`, for the caller to warn about.
 */
export async function adoptUnledgered(db: Db): Promise<Adoption> {
  const result: Adoption = { adopted: [], refused: [] };
  if (!db.auditKey || (await isClaimed(db, ADOPTED))) return result;
  const ledger = await readLedger(db);
  const known = new Set(ledger.map((l) => l.entry.incidentKey));
  const started = ledger.some((l) => l.entry.kind === 'raised');
  const incidents = (await db.m.Incident.find({}).select({ key: 1 }).sort({ raisedAt: 1 }).lean()) as unknown as { key: string }[];
  for (const { key } of incidents) {
    if (known.has(key)) continue;
    const head = await timelineHead(db, key);
    if (started || head?.hashAlg === 'hmac1') {
      result.refused.push(key);
      continue;
    }
    await appendLedger(db, key, 'adopted', { seq: head?.seq ?? 0, hash: head?.hash ?? '' });
    if (head) await db.anchor?.({ chain: key, seq: head.seq, hash: head.hash });
    result.adopted.push(key);
  }
  await claim(db, ADOPTED);
  return result;
}
