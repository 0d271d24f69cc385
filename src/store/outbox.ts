import type { Db } from './connect.ts';
import { ignoreDuplicates } from './connect.ts';
import type { OutboxEntry } from './records.ts';

/**
 * The outbox's repository: entries recorded by services, delivered by the dispatcher. Every write
 * of an entry is by `_id` (the one filter FerretDB indexes); the dispatcher's read is the
 * `{platform, status}` query sorted by batch and stage (indexed on MongoDB, see models.ts).
 */

export type NewEntry = Omit<OutboxEntry, 'leaseUntil' | 'lastError' | 'deliveredAt'>;

/** One round trip for a batch; entries already recorded (a retried batch) are left as they are. */
export async function insertEntries(db: Db, entries: NewEntry[]): Promise<void> {
  await db.m.Outbox.insertMany(entries, { ordered: false }).catch(ignoreDuplicates);
}

/** The platform's pending entries in delivery order (the oldest batches first). */
export async function pendingEntries(db: Db, platform: string, limit = 500): Promise<OutboxEntry[]> {
  return (await db.m.Outbox.find({ platform, status: 'pending' }).sort({ order: 1, stage: 1 }).limit(limit).lean()) as unknown as OutboxEntry[];
}

/** Counts attempt n as begun, unless another process got there first (guarded by n). */
export async function beginAttempt(db: Db, entry: OutboxEntry, leaseUntil: Date): Promise<boolean> {
  const r = await db.m.Outbox.updateOne({ _id: entry._id, attempts: entry.attempts }, { $set: { attempts: entry.attempts + 1, leaseUntil } });
  return r.matchedCount === 1;
}

/** Delivered entries leave the outbox (the timeline keeps the record), so it stays small to scan. */
export async function deliveredEntry(db: Db, id: string): Promise<void> {
  await db.m.Outbox.deleteOne({ _id: id });
}

export async function failedEntry(db: Db, id: string, error: string): Promise<void> {
  await db.m.Outbox.updateOne({ _id: id }, { $set: { status: 'failed', lastError: error }, $unset: { leaseUntil: 1 } });
}

export async function retryEntryAt(db: Db, id: string, at: Date, error: string): Promise<void> {
  await db.m.Outbox.updateOne({ _id: id }, { $set: { lastError: error, nextAttemptAt: at }, $unset: { leaseUntil: 1 } });
}
