import mongoose from 'mongoose';
import { ensureAlertSlots } from './alert-slots.ts';
import { models, type Models } from './models.ts';

/** The head of one chain after an append: an incident's timeline, or the ledger (`LEDGER_CHAIN`). */
export type ChainHead = { chain: string; seq: number; hash: string };

/**
 * Where heads are checkpointed outside the database (src/audit/anchors.ts writes them to a local
 * append-only file). It never throws: the write it follows is already in the database.
 */
export type AnchorSink = (head: ChainHead) => Promise<void>;

/**
 * The store's handle. `now` is the clock leases and retention stamps are read from: the same
 * injected clock the services use, so a test that moves time moves lease expiry with it.
 * `auditKey` keys the timeline and the ledger (HMAC); without it the store writes plain hashes and
 * no ledger, as it did before the key existed — the composition root (app.ts) always passes one.
 */
export type Db = { conn: mongoose.Connection; m: Models; now: () => Date; auditKey?: Uint8Array; anchor?: AnchorSink; close(): Promise<void> };

export type ConnectOptions = { now?: () => Date; auditKey?: Uint8Array; anchor?: AnchorSink };

/** Connects and makes sure every index exists before the first write relies on it. */
export async function connectDb(uri: string, opts: ConnectOptions = {}): Promise<Db> {
  // Majority and journaled: a claim acknowledged by one member of a replica set could be rolled back
  // by a failover, and two processes would then both hold it. FerretDB accepts and ignores it.
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false, appName: 'crisis-bot', writeConcern: { w: 'majority', journal: true } });
  await conn.asPromise();
  const m = models(conn);
  await Promise.all(Object.values(m).map((model) => model.createIndexes()));
  const db: Db = { conn, m, now: opts.now ?? (() => new Date()), auditKey: opts.auditKey, anchor: opts.anchor, close: () => conn.close() };
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
