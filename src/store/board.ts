import { takeLease } from './claims.ts';
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

const OPEN = 'open-incidents';
/** `scope` is `<platform>:<workspace>`: each Slack workspace, Discord guild and terminal sees its own. */
export type BoardEntry = { key: string; raisedAt: Date; scope?: string };

export async function readBoard(db: Db): Promise<BoardEntry[]> {
  const doc = (await db.m.Board.findById(OPEN).lean()) as { entries: BoardEntry[] } | null;
  return doc?.entries ?? [];
}

/** Changes the open-incident board under its revision lock (concurrent raises must all land). */
async function changeBoard(db: Db, change: (entries: BoardEntry[]) => BoardEntry[] | undefined): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const doc = (await db.m.Board.findById(OPEN).lean()) as { entries: BoardEntry[]; rev: number } | null;
    if (!doc) {
      await db.m.Board.create({ _id: OPEN, entries: [], rev: 0 }).catch((err) => {
        if (!isDuplicateKey(err)) throw err;
      });
      continue;
    }
    const next = change(doc.entries);
    if (!next) return;
    if (await takeLease(db, `board:${OPEN}:rev${doc.rev}`, 30_000)) {
      // Guarded by the revision: a holder that stalled past its lease writes nothing and retries.
      const written = await db.m.Board.updateOne({ _id: OPEN, rev: doc.rev }, { $set: { entries: next, rev: doc.rev + 1 } });
      if (written.matchedCount === 1) return;
      continue;
    }
    await new Promise((r) => setTimeout(r, 2 + Math.random() * 5 * Math.min(attempt + 1, 20)));
  }
  throw new Error('the open-incident board is too contended to update');
}

export const boardAdd = (db: Db, entry: BoardEntry) =>
  changeBoard(db, (entries) => (entries.some((e) => e.key === entry.key) ? undefined : [...entries, entry]));

export const boardRemove = (db: Db, key: string) =>
  changeBoard(db, (entries) => (entries.some((e) => e.key === key) ? entries.filter((e) => e.key !== key) : undefined));
