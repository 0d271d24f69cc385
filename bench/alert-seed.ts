// Seeding for the deadline benches (bench/sweep.ts, bench/collections.ts, bench/delay.ts): a local
// database, pending alerts written straight into their slots, and due alerts of real incidents.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Core } from '../src/core.ts';
import { firstStepAlert, type Alert } from '../src/domain/escalation.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import type { Playbook } from '../src/playbook/schema.ts';
import { slotFor } from '../src/store/alert-slots.ts';
import { insertIntoSlot, scheduleAlerts, toDoc } from '../src/store/alerts.ts';
import { connectDb, type Db } from '../src/store/connect.ts';
import { startLocalDb } from '../src/store/ferretdb.ts';

export const STEPS_PER_INCIDENT = 10;
const SEED_BATCH = 1_000;

export async function defaultPlaybook(): Promise<Playbook> {
  const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../playbooks'));
  if (!loaded.ok) throw new Error('default playbook invalid');
  return loaded.playbook;
}

export const benchCore = (db: Db, playbook: Playbook, now: () => Date): Core => ({ db, playbook, now, locale: 'en', log: pino({ level: 'silent' }) });

/** Runs `fn` with a local FerretDB in a temporary directory, and a fresh database on it per `open(name)`. */
export async function withLocalDb(fn: (open: (name: string) => Promise<Db>) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-bench-alerts-'));
  const local = await startLocalDb(dir);
  const opened: Db[] = [];
  try {
    await fn(async (name) => {
      const db = await connectDb(local.uri.replace(/\/crisis$/, `/${name}`));
      opened.push(db);
      return db;
    });
  } finally {
    for (const db of opened) await db.close().catch(() => undefined);
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export const collectionCount = async (db: Db) => (await db.conn.db!.listCollections({}, { nameOnly: true }).toArray()).length;

/**
 * `count` alerts of absent incidents, due evenly (in a scrambled order: a golden-ratio sequence)
 * over `spreadMs` from `from`, written straight into their slots in batches. A sweep that reads
 * one drops it (its incident is gone); the benches place them where no measured sweep reads.
 */
export async function seedFuture(db: Db, count: number, from: Date, spreadMs: number, prefix = 'BENCH'): Promise<void> {
  const dueAt = (i: number) => new Date(from.getTime() + Math.floor(((i * 0.6180339887498949) % 1) * spreadMs));
  for (let start = 0; start < count; start += SEED_BATCH * 10) {
    const alerts: Alert[] = Array.from({ length: Math.min(SEED_BATCH * 10, count - start) }, (_, k) => {
      const at = dueAt(start + k);
      return { _id: `alert:${prefix}-${start + k}:step:1:v0:r0`, kind: 'step', incidentKey: `${prefix}-${start + k}`, n: 1, version: 0, rung: 0, base: at, dueAt: at };
    });
    const bySlot = new Map<number, Alert[]>();
    for (const a of alerts) {
      const n = slotFor(a.dueAt, from);
      if (!bySlot.has(n)) bySlot.set(n, []);
      bySlot.get(n)!.push(a);
    }
    for (const [n, list] of bySlot) await insertIntoSlot(db, n, list.map(toDoc));
  }
}

const key = (prefix: string, i: number) => `INC-${prefix}-${String(i + 1).padStart(4, '0')}`;

/**
 * `count` open steps of real level-2 incidents (10 per incident), step j due at `dueAt(j)`, each
 * with its first alert scheduled as a raise would. Returns, per owner id, the step's due time.
 */
export async function seedSteps(core: Core, prefix: string, count: number, dueAt: (j: number) => Date): Promise<Map<string, number>> {
  const { db, playbook } = core;
  const incidents = Math.ceil(count / STEPS_PER_INCIDENT);
  const raisedAt = new Date(dueAt(0).getTime() - 3_600_000);
  await db.m.Incident.insertMany(
    Array.from({ length: incidents }, (_, i) => ({
      _id: key(prefix, i), key: key(prefix, i), title: `Bench ${i}`, type: 'supply-chain', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'respond',
      platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'b', name: 'Bench' }, lead: { id: 'alice', name: 'Alice' }, raisedAt, startedAt: raisedAt,
      ackedAt: raisedAt, setupDone: true, stepCount: STEPS_PER_INCIDENT, openDue: [], room: { id: `room-${prefix}-${i}`, name: `room-${prefix}-${i}` },
    })),
  );
  const steps = Array.from({ length: count }, (_, j) => ({ incidentKey: key(prefix, Math.floor(j / STEPS_PER_INCIDENT)), n: (j % STEPS_PER_INCIDENT) + 1, dueAt: dueAt(j) }));
  const owner = (s: { incidentKey: string; n: number }) => `owner-${s.incidentKey}-${s.n}`;
  await db.m.Step.insertMany(
    steps.map((s) => ({
      _id: `${s.incidentKey}:${s.n}`, ...s, planStepId: `s${s.n}`, phase: 'respond', title: { en: `Step ${s.n}`, 'zh-CN': `步骤 ${s.n}` }, ownerRole: 'operations',
      owners: [{ id: owner(s), name: 'Owner' }], status: 'open', version: 0, page: 0,
    })),
  );
  await scheduleAlerts(db, steps.map((s) => firstStepAlert(s.incidentKey, { ...s, version: 0 }, playbook.levels[1]!.escalation)), core.now);
  return new Map(steps.map((s) => [owner(s), s.dueAt.getTime()]));
}

/** Due → queued delays of the DMs to the given owners that were queued after `since` (outbox `createdAt`). */
export async function dmDelays(db: Db, dueOf: Map<string, number>): Promise<number[]> {
  const queued = (await db.m.Outbox.find({ 'effect.kind': 'dm' }).select({ effect: 1, createdAt: 1 }).lean()).map((o) => ({ to: (o.effect as { to: { id: string } }).to.id, at: o.createdAt.getTime() }));
  return queued.filter((q) => dueOf.has(q.to)).map((q) => q.at - dueOf.get(q.to)!);
}
