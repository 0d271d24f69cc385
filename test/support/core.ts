import { afterAll, beforeAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Core } from '../../src/core.ts';
import { createMetrics } from '../../src/metrics/registry.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import type { Playbook } from '../../src/playbook/schema.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { connectDb as connectStore, type ConnectOptions, type Db } from '../../src/store/connect.ts';
import { startLocalDb, type LocalDb } from '../../src/store/ferretdb.ts';

export const DEFAULT_PLAYBOOK = path.resolve(import.meta.dirname, '../../playbooks');

/** A movable clock for tests: hours of an incident pass in no time. */
export function testClock(start = new Date('2026-11-28T10:00:00')) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms), set: (d: Date) => void (now = d.getTime()) };
}

/**
 * The shipped playbook. Its roster is all placeholders, which on the terminal makes every reporter
 * the lead of what they raise (src/incidents/identity.ts); tests read it as a real roster (alice
 * leads) unless they ask for the placeholders, as a fresh install has them.
 */
export async function loadDefaultPlaybook(opts: { placeholders?: boolean } = {}): Promise<Playbook> {
  const r = await loadPlaybook(DEFAULT_PLAYBOOK);
  if (!r.ok) throw new Error(`default playbook invalid: ${JSON.stringify(r.problems)}`);
  if (opts.placeholders) return r.playbook;
  return { ...r.playbook, roster: r.playbook.roster.map(({ placeholder: _, ...p }) => p) };
}

/**
 * The server the tests run on: `MONGODB_URI` when set (an operator proving their MongoDB, see the
 * README), otherwise the embedded FerretDB each test file starts for itself.
 */
export const externalUri = (): string | undefined => process.env.MONGODB_URI || undefined;

/**
 * `uri` with its database replaced by `name`, hosts and options kept. On `mongodb://` the path's
 * database is also where credentials are checked when no `authSource` is given, so that one is
 * kept as `authSource`; `mongodb+srv://` leaves it to the DNS TXT record (Atlas: admin), which
 * an explicit option would override.
 */
export function withDatabase(uri: string, name: string): string {
  const m = /^(mongodb(\+srv)?:\/\/[^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(uri);
  if (!m) throw new Error('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  const [, authority, srv, path = '', query = ''] = m;
  const params = new URLSearchParams(query);
  if (!srv && authority!.includes('@') && path && !params.has('authSource')) params.set('authSource', decodeURIComponent(path));
  const options = params.toString();
  return `${authority}/${encodeURIComponent(name)}${options ? `?${options}` : ''}`;
}

export type TestDb = {
  /** The file's default database (`crisis` on the embedded server). */
  local: LocalDb;
  dir: string;
  /** Database `name` of this file's own: on MONGODB_URI, prefixed so that it is new and no one else's. */
  uri(name: string): string;
  stop(): Promise<void>;
};

/** The store's mongoose, from the first connection made here: stop drops the databases with it on MONGODB_URI. */
let driver: Db['conn']['base'] | undefined;

/** The store's connectDb; it also remembers the driver for stop (nothing outside src/store imports it). */
export async function connectDb(uri: string, opts?: ConnectOptions): Promise<Db> {
  const db = await connectStore(uri, opts);
  driver ??= db.conn.base;
  return db;
}

/**
 * One database server per test file. Embedded: a local FerretDB in a temporary directory, started
 * by the product's own launcher. On MONGODB_URI: no FerretDB; every database the file asks for is
 * named `<prefix>_<name>` with a prefix drawn for this file, and stop drops each database that
 * carries it — a test never reads or drops a database it did not create.
 */
export async function startTestDb(): Promise<TestDb> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-test-'));
  const server = externalUri();
  if (!server) {
    const local = await startLocalDb(path.join(dir, 'data'));
    return {
      local,
      dir,
      uri: (name) => local.uri.replace(/\/crisis$/, `/${name}`),
      stop: async () => {
        await local.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  // Short: DocumentDB and Cosmos DB cap database names at 63 characters.
  const prefix = `ct_${randomBytes(5).toString('hex')}`;
  const named = new Set<string>();
  const uri = (name: string) => {
    named.add(`${prefix}_${name}`);
    return withDatabase(server, `${prefix}_${name}`);
  };
  const local: LocalDb = { uri: uri('crisis'), dataDir: path.join(dir, 'data'), stop: async () => {} };
  return {
    local,
    dir,
    uri,
    stop: async () => {
      await dropDatabases(server, prefix, named);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Drops the databases named (and any other carrying the prefix: one a child process made), and only those. */
async function dropDatabases(server: string, prefix: string, named: Set<string>): Promise<void> {
  // A file that connected nothing through this module opens its default database for the driver (and drops it too).
  if (!driver) await (await connectDb(withDatabase(server, `${prefix}_crisis`))).close();
  const control = driver!.createConnection(withDatabase(server, `${prefix}_crisis`), { serverSelectionTimeoutMS: 10_000 });
  await control.asPromise();
  try {
    const all = new Set(named);
    try {
      const listed = await control.db!.admin().listDatabases({ nameOnly: true, authorizedDatabases: true });
      for (const d of listed.databases) if (d.name.startsWith(`${prefix}_`)) all.add(d.name);
    } catch {
      // A server or role that cannot list databases: the names asked for are all there is to drop.
    }
    for (const name of all) await control.useDb(name).dropDatabase();
  } finally {
    await control.close();
  }
}

export async function makeCore(db: Db, opts: { now?: () => Date; locale?: Locale; playbook?: Playbook } = {}): Promise<Core> {
  // Leases expire on the same clock the test moves.
  if (opts.now) db.now = opts.now;
  return {
    db,
    playbook: opts.playbook ?? (await loadDefaultPlaybook()),
    now: opts.now ?? (() => new Date()),
    locale: opts.locale ?? 'en',
    log: pino({ level: 'silent' }),
    // No gauge timer (nothing would stop it): a test reads the store into the gauges with refreshGauges.
    metrics: createMetrics(),
  };
}

/**
 * A test file's own database server, started before its tests and stopped after them.
 * `connect(name)` opens database `name` on it (a fresh one per test when tests must not share state).
 */
export function useTestDb() {
  const state = {} as { db: TestDb };
  beforeAll(async () => {
    state.db = await startTestDb();
  });
  afterAll(async () => state.db?.stop());
  const uri = (name: string) => state.db.uri(name);
  return { uri, connect: (name: string) => connectDb(uri(name)) };
}

/**
 * A test file's own database and core, started before its tests and stopped after them.
 * Call at the top level of a test file; read `.core` inside tests.
 */
export function useTestCore(opts: { now?: () => Date; locale?: Locale } = {}) {
  const state = {} as { core: Core; db: TestDb };
  beforeAll(async () => {
    state.db = await startTestDb();
    state.core = await makeCore(await connectDb(state.db.local.uri), opts);
  });
  afterAll(async () => {
    await state.core?.db.close();
    await state.db?.stop();
  });
  return state;
}
