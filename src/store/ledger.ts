import { GENESIS, hashLedgerEntry, type LedgerEntry } from '../domain/timeline.ts';
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';
import { lastSeq } from './head.ts';

/**
 * The ledger chains the incidents themselves: an entry is appended (HMAC with the audit key) when
 * an incident's first event is written, so an incident deleted with all its events still leaves
 * its entry, and removing the entry breaks the ledger's own chain (its head is anchored too).
 */

/** The ledger's name in the anchors file; `#` never starts an incident key. */
export const LEDGER_CHAIN = '#ledger';

export const ledgerId = (seq: number) => String(seq).padStart(12, '0');

// The last ledger entry this process saw per database: where the next search for the head starts.
const lastSeen = new WeakMap<Db['m'], number>();

const toEntry = (d: Record<string, unknown>): LedgerEntry => ({
  seq: d.seq as number,
  incidentKey: d.incidentKey as string,
  at: d.at as Date,
  kind: d.kind as LedgerEntry['kind'],
  ...(d.head ? { head: { seq: (d.head as { seq: number }).seq, hash: (d.head as { hash: string }).hash } } : {}),
  prevHash: d.prevHash as string,
  hash: d.hash as string,
});

async function entryAt(db: Db, seq: number): Promise<LedgerEntry | null> {
  const d = (await db.m.Ledger.findById(ledgerId(seq)).lean()) as unknown as Record<string, unknown> | null;
  return d ? toEntry(d) : null;
}

/** Appends an entry for `incidentKey`; without an audit key there is no ledger (see connect.ts). */
export async function appendLedger(db: Db, incidentKey: string, kind: LedgerEntry['kind'], head?: LedgerEntry['head']): Promise<LedgerEntry | null> {
  const key = db.auditKey;
  if (!key) return null;
  for (let attempt = 0; attempt < 100; attempt++) {
    const seq = (await lastSeq(async (n) => Boolean(await db.m.Ledger.exists({ _id: ledgerId(n) })), lastSeen.get(db.m) ?? 0)) + 1;
    const prev = seq > 1 ? await entryAt(db, seq - 1) : null;
    if (seq > 1 && !prev) {
      // What this process remembered is gone (the ledger was cut): search from the start.
      lastSeen.delete(db.m);
      continue;
    }
    const draft = { seq, incidentKey, at: new Date(Math.floor(db.now().getTime())), kind, ...(head ? { head } : {}), prevHash: prev?.hash ?? GENESIS };
    const entry = { ...draft, hash: hashLedgerEntry(draft, key) };
    try {
      await db.m.Ledger.create({ _id: ledgerId(seq), ...entry });
      lastSeen.set(db.m, seq);
      await db.anchor?.({ chain: LEDGER_CHAIN, seq, hash: entry.hash });
      return entry;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      lastSeen.set(db.m, seq);
    }
  }
  throw new Error('the ledger is too contended to append');
}

/** Every entry in order (the audit, and adoption at start-up: one read of a small collection). */
export async function readLedger(db: Db): Promise<{ id: string; entry: LedgerEntry }[]> {
  const docs = (await db.m.Ledger.find({}).sort({ _id: 1 }).lean()) as unknown as Record<string, unknown>[];
  return docs.map((d) => ({ id: d._id as string, entry: toEntry(d) }));
}
