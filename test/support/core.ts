import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Core } from '../../src/core.ts';
import { createMetrics } from '../../src/metrics/registry.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import type { Playbook } from '../../src/playbook/schema.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { connectDb, type Db } from '../../src/store/connect.ts';
import { startLocalDb, type LocalDb } from '../../src/store/ferretdb.ts';

export const DEFAULT_PLAYBOOK = path.resolve(import.meta.dirname, '../../playbooks');

/** A movable clock for tests: hours of an incident pass in no time. */
export function testClock(start = new Date('2026-11-28T10:00:00')) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms), set: (d: Date) => void (now = d.getTime()) };
}

export async function loadDefaultPlaybook(): Promise<Playbook> {
  const r = await loadPlaybook(DEFAULT_PLAYBOOK);
  if (!r.ok) throw new Error(`default playbook invalid: ${JSON.stringify(r.problems)}`);
  return r.playbook;
}

/** One local database per test file, in a temporary directory, started by the product's own launcher. */
export async function startTestDb(): Promise<{ local: LocalDb; dir: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-test-'));
  const local = await startLocalDb(path.join(dir, 'data'));
  return {
    local,
    dir,
    stop: async () => {
      await local.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
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

export { connectDb };

/**
 * A test file's own database server, started before its tests and stopped after them.
 * `connect(name)` opens database `name` on it (a fresh one per test when tests must not share state).
 */
export function useTestDb() {
  const state = {} as { db: Awaited<ReturnType<typeof startTestDb>> };
  beforeAll(async () => {
    state.db = await startTestDb();
  });
  afterAll(async () => state.db?.stop());
  const uri = (name: string) => state.db.local.uri.replace(/\/crisis$/, `/${name}`);
  return { uri, connect: (name: string) => connectDb(uri(name)) };
}

/**
 * A test file's own database and core, started before its tests and stopped after them.
 * Call at the top level of a test file; read `.core` inside tests.
 */
export function useTestCore(opts: { now?: () => Date; locale?: Locale } = {}) {
  const state = {} as { core: Core; db: Awaited<ReturnType<typeof startTestDb>> };
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
