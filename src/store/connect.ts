import mongoose from 'mongoose';
import { ensureAlertSlots } from './alert-slots.ts';
import { models, type Models } from './models.ts';

/**
 * The store's handle. `now` is the clock leases and retention stamps are read from: the same
 * injected clock the services use, so a test that moves time moves lease expiry with it.
 */
export type Db = { conn: mongoose.Connection; m: Models; now: () => Date; close(): Promise<void> };

export type ConnectOptions = { now?: () => Date };

/** Connects and makes sure every index exists before the first write relies on it. */
export async function connectDb(uri: string, opts: ConnectOptions = {}): Promise<Db> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false, appName: 'crisis-bot' });
  await conn.asPromise();
  const m = models(conn);
  await Promise.all(Object.values(m).map((model) => model.createIndexes()));
  const db: Db = { conn, m, now: opts.now ?? (() => new Date()), close: () => conn.close() };
  // The alert queue's fixed collections: created here, never at run time.
  await ensureAlertSlots(db);
  return db;
}

export const isDuplicateKey = (err: unknown) => (err as { code?: number } | null)?.code === 11000;

/** For an unordered insertMany: only duplicates (already recorded) are fine; anything else is thrown. */
export function ignoreDuplicates(err: { writeErrors?: { code?: number; err?: { code?: number } }[] }): void {
  const allDuplicates = err.writeErrors?.every((e) => (e.code ?? e.err?.code) === 11000);
  if (!isDuplicateKey(err) && !allDuplicates) throw err;
}
