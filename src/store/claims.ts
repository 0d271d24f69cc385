import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

/**
 * Claims `key` once, across all processes: the first insert wins, every later one sees a
 * duplicate-key error. This is the one concurrency primitive the store relies on, because
 * FerretDB 1.24 (SQLite) applies findOneAndUpdate as read-then-write: 50 concurrent `$inc`
 * on one counter returned repeated values there, while a unique index never let two inserts of
 * one key through.
 */
export async function claim(db: Db, key: string, at = new Date()): Promise<boolean> {
  try {
    await db.m.Dedup.create({ _id: key, at });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
