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

export type ConnectOptions = {
  now?: () => Date;
  auditKey?: Uint8Array;
  anchor?: AnchorSink;
  /**
   * How long an operation waits for a reachable server before it fails (default 10 s). While the
   * database is down every operation waits this long, so tests of an outage pass a short one.
   */
  serverSelectionTimeoutMS?: number;
  /**
   * How long an operation waits when the driver already knows no server (default 500 ms): the
   * database was reached before and every server is now unknown (down, not an election). Slack
   * and Discord want an answer within 3 s, so a command or a form meets the outage at once and
   * says so, instead of after the whole selection timeout.
   */
  unreachableWaitMS?: number;
};

/** Thrown when the database is known to be unreachable and did not come back within the short wait. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

// The driver's topology as far as it is used here (MongoClient.topology is not in its typings).
type Topology = { description: { hasKnownServers: boolean }; selectServer: (...args: unknown[]) => Promise<unknown> };

/**
 * Makes operations fail fast while the driver knows no server: each one still goes into server
 * selection (which keeps asking the monitors to look again, so the database is found as soon as
 * it is back), but is answered DatabaseUnreachableError after `waitMs` instead of waiting out
 * serverSelectionTimeoutMS. While any server is known (a replica set electing a primary, a
 * server not yet seen failing) selection is left as it is. The outbox, the sweep and the
 * recovery pass meet the same fast failure and, as after any failure, try again on their next
 * round — only interactive paths ever waited on the answer.
 */
function failFastWhenUnreachable(conn: mongoose.Connection, waitMs: number): void {
  const topology = (conn.getClient() as unknown as { topology?: Topology }).topology;
  // A driver without this (internal) shape keeps its own timeout: slower in an outage, never wrong.
  if (!topology || typeof topology.selectServer !== 'function' || !topology.description) return;
  const select = topology.selectServer.bind(topology);
  topology.selectServer = (...args: unknown[]) => {
    const selecting = select(...args);
    if (topology.description.hasKnownServers) return selecting;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseUnreachableError(`no database server is reachable (waited ${waitMs} ms)`)), waitMs);
    });
    // The selection goes on after the fast answer; its own timeout ends it.
    selecting.catch(() => undefined);
    return Promise.race([selecting, late]).finally(() => clearTimeout(timer));
  };
}

/** Connects and makes sure every index exists before the first write relies on it. */
export async function connectDb(uri: string, opts: ConnectOptions = {}): Promise<Db> {
  // Majority and journaled: a claim acknowledged by one member of a replica set could be rolled back
  // by a failover, and two processes would then both hold it. FerretDB accepts and ignores it.
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 10_000,
    autoIndex: false,
    appName: 'crisis-bot',
    writeConcern: { w: 'majority', journal: true },
  });
  await conn.asPromise();
  failFastWhenUnreachable(conn, Math.min(opts.unreachableWaitMS ?? 500, opts.serverSelectionTimeoutMS ?? 10_000));
  const m = models(conn);
  await Promise.all(Object.values(m).map((model) => model.createIndexes()));
  const db: Db = { conn, m, now: opts.now ?? (() => new Date()), auditKey: opts.auditKey, anchor: opts.anchor, close: () => conn.close() };
  // The alert queue's fixed collections: created here, never at run time.
  await ensureAlertSlots(db);
  return db;
}

// The driver's errors for "no server answered": none could be selected, the connection dropped or
// timed out, or (mongoose) a command waited in the buffer for a connection that never came. A
// client this process closed itself (MongoNotConnectedError, MongoTopologyClosedError) is not the
// database being down but a shutdown or a bug, and stays an internal error with a reference.
const UNAVAILABLE = new Set(['DatabaseUnreachableError', 'MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoPoolClearedError']);
// A socket closed under a command is sometimes passed on by the driver as Node's own error (EPIPE
// "This socket has been ended by the other party"): it counts when it was raised inside the driver,
// so a platform's network error is never taken for the database's.
const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const inDriver = (stack: unknown) => typeof stack === 'string' && /[\\/]mongodb[\\/]lib[\\/]/.test(stack);

/**
 * Whether `err` means the database did not answer (down, unreachable, connection lost), as opposed
 * to answering with a refusal (a duplicate key, a validation error). Only the first kind is
 * "try again in a moment": nothing was recorded, and the same request may succeed once it is back.
 */
export function isUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, message, code, stack } = e as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
    if (typeof name === 'string' && UNAVAILABLE.has(name)) return true;
    if (name === 'MongooseServerSelectionError') return true;
    if (name === 'MongooseError' && typeof message === 'string' && /buffering timed out/.test(message)) return true;
    if (typeof code === 'string' && SOCKET_CODES.has(code) && inDriver(stack)) return true;
  }
  return false;
}

/** Whether the server answers a ping (false, never a throw, when it does not). */
export const pingDb = (db: Db): Promise<boolean> => db.conn.db!.admin().ping().then(() => true, () => false);

export const isDuplicateKey = (err: unknown) => (err as { code?: number } | null)?.code === 11000;

/**
 * For an unordered insertMany: only duplicates (already recorded) are fine; anything else is thrown.
 * A connection lost under the insert comes as a MongoBulkWriteError with no write errors at all:
 * that is a failure, not "every document a duplicate" (an empty list's `every` is true).
 */
export function ignoreDuplicates(err: { writeErrors?: { code?: number; err?: { code?: number } }[] }): void {
  const allDuplicates = !!err.writeErrors?.length && err.writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
  if (!isDuplicateKey(err) && !allDuplicates) throw err;
}

/**
 * Inserts documents with one unordered insertMany through the driver (casting each through mongoose
 * cost more than the insert) and answers the ids that were there already; anything but a duplicate
 * is thrown.
 */
export async function insertNew<D extends { _id: string }>(db: Db, collection: string, docs: readonly D[]): Promise<Set<string>> {
  if (!docs.length) return new Set();
  try {
    await db.conn.db!.collection<D>(collection).insertMany(docs.map((d) => ({ ...d })) as never, { ordered: false, ignoreUndefined: true });
    return new Set();
  } catch (err) {
    const e = err as { code?: number; writeErrors?: { code?: number; index: number }[] };
    ignoreDuplicates(e);
    return new Set(e.writeErrors?.length ? e.writeErrors.map((w) => docs[w.index]!._id) : docs.map((d) => d._id));
  }
}
