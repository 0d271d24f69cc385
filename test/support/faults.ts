import { randomUUID } from 'node:crypto';
import type { ChatPort, MessageRef, ReplyTarget, RoomSpec, UploadFile, UploadOptions } from '../../adapters/port.ts';
import type { Db } from '../../src/store/connect.ts';
import type { Card, RoomLink } from '../../src/ui/card.ts';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Core } from '../../src/core.ts';
import type { Origin } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { stepsOf } from '../../src/store/steps.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { connectDb, loadDefaultPlaybook, makeCore, startTestDb, testClock, type TestDb } from './core.ts';

/** Thrown by a faulty store at its crash point, and by every write after it: the process is dead. */
export class InjectedCrash extends Error {}

/** `before`: the Nth write never reaches the database; `after`: it does, and the process dies before hearing so. */
export type CrashMode = 'before' | 'after';

const MODEL_WRITES = new Set(['create', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findOneAndDelete', 'bulkWrite']);
const COLLECTION_WRITES = new Set([...MODEL_WRITES, 'insertOne', 'findOneAndReplace', 'drop']);
const DB_WRITES = new Set(['createCollection', 'dropCollection', 'renameCollection']);

/**
 * The same database seen by a process that crashes at its `crashAt`-th write: every model and
 * raw-collection write is counted; from that one on, each fails. Reads go through (a dead
 * process's reads change nothing).
 */
export function faultyDb(db: Db, crashAt: number, mode: CrashMode) {
  let writes = 0;
  let crashed = false;
  const write = async <T>(run: () => Promise<T>): Promise<T> => {
    writes++;
    if (crashed || writes > crashAt) throw new InjectedCrash(`crashed at write ${crashAt}`);
    if (writes < crashAt) return run();
    crashed = true;
    if (mode === 'after') await run();
    throw new InjectedCrash(`crashed at write ${crashAt} (${mode} it)`);
  };
  const wrap = <O extends object>(target: O, methods: Set<string>, inner?: (name: string, value: unknown) => unknown): O =>
    new Proxy(target, {
      get(t, p, receiver) {
        const value = Reflect.get(t, p, receiver) as unknown;
        if (typeof p === 'string' && methods.has(p) && typeof value === 'function') {
          return (...args: unknown[]) => write(() => Promise.resolve((value as (...a: unknown[]) => unknown).apply(t, args)));
        }
        if (inner && typeof p === 'string') return inner(p, value);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
  const native = db.conn.db!;
  const nativeDb = wrap(native, DB_WRITES, (name, value) =>
    name === 'collection' ? (n: string, o?: object) => wrap(native.collection(n, o), COLLECTION_WRITES) : typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(native) : value,
  );
  const conn = new Proxy(db.conn, { get: (t, p, r) => (p === 'db' ? nativeDb : Reflect.get(t, p, r)) });
  const m = Object.fromEntries(Object.entries(db.m).map(([k, model]) => [k, wrap(model as object, MODEL_WRITES)])) as Db['m'];
  const faulty: Db = { conn, m, now: () => db.now(), close: async () => {} };
  return { db: faulty, writes: () => writes, crashed: () => crashed };
}

/** Runs `fn`, swallowing the injected crash (and anything it caused): what a dead process leaves behind is the test. */
export async function untilCrash(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch {
    // Whatever the crash interrupted: a store write, or a platform call whose result could not be recorded.
  }
}

type Posted = { room: string; id: string; title: string; key?: string; dm?: string };

/**
 * A chat platform that keeps what it was sent, so a test counts what people would see. Like
 * Slack's message metadata and Discord's nonce, a post carrying a key it has seen returns the
 * message posted under it.
 */
export class RecordingPort implements ChatPort {
  readonly platform = 'shell' as const;
  readonly posts: Posted[] = [];
  readonly told: string[] = [];
  readonly rooms = new Map<string, RoomLink>();

  async openRoom(spec: RoomSpec): Promise<RoomLink> {
    const room = this.rooms.get(spec.name) ?? { id: `C-${spec.name}`, name: spec.name };
    this.rooms.set(spec.name, room);
    return room;
  }
  async invite(): Promise<void> {}
  async update(): Promise<void> {}
  async pin(): Promise<void> {}
  async tell(_to: ReplyTarget, card: Card): Promise<void> {
    this.told.push(card.title ?? '');
  }
  async post(room: RoomLink, card: Card, opts?: { key?: string }): Promise<MessageRef> {
    return this.record({ room: room.id, title: card.title ?? '' }, opts?.key);
  }
  async dm(user: string, card: Card, opts?: { key?: string }): Promise<MessageRef> {
    return this.record({ room: `D-${user}`, title: card.title ?? '', dm: user }, opts?.key);
  }
  /** Files posted, like posts: one per key. */
  readonly uploads: { room: string; id: string; name: string; bytes: Buffer; key: string }[] = [];
  async upload(room: RoomLink, file: UploadFile, opts: UploadOptions): Promise<MessageRef> {
    const seen = this.uploads.find((x) => x.key === opts.key);
    if (seen) return { room: seen.room, id: seen.id };
    const up = { room: room.id, id: randomUUID(), name: file.name, bytes: file.bytes, key: opts.key };
    this.uploads.push(up);
    return { room: up.room, id: up.id };
  }
  private record(p: Omit<Posted, 'id'>, key?: string): MessageRef {
    const seen = key ? this.posts.find((x) => x.key === key) : undefined;
    if (seen) return { room: seen.room, id: seen.id };
    const posted = { ...p, id: randomUUID(), key };
    this.posts.push(posted);
    return { room: posted.room, id: posted.id };
  }
  /** Room posts by title, e.g. { 'Summary': 1, 'Checklist 1/2': 1 }. */
  countsIn(room: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const p of this.posts.filter((x) => x.room === room)) counts[p.title] = (counts[p.title] ?? 0) + 1;
    return counts;
  }
}

/**
 * The shapes every crash-point test shares (test/store/fault-injection*.test.ts): a world on its
 * own database, a dying second process, delivery until the outbox is empty, and the checks that
 * after recovery everything happened once and every entity can still be changed.
 */
export function crashHarness(server: { uri(name: string): string }) {
  const tried: Record<string, number> = {};

  /** `small`: every plan cut to its first three steps, so a run that writes per step stays cheap. */
  async function world(name: string, opts: { small?: boolean } = {}) {
    name = name.replaceAll(/[^a-z0-9]/gi, '_');
    const clock = testClock(new Date('2026-11-28T10:00:00Z'));
    const db = await connectDb(server.uri(name));
    const playbook = await loadDefaultPlaybook();
    if (opts.small) playbook.plans = playbook.plans.map((p) => ({ ...p, steps: p.steps.slice(0, 3) }));
    const core = await makeCore(db, { now: clock.now, playbook });
    return { clock, core };
  }

  /**
   * Tries crash points 1, 2, … until a run makes fewer writes than the crash point (the path has no
   * more). `lanes`: that many points at once, point n + i as `run(n + i, mode, i)`; a run must then
   * touch only lane i's own world (its own database and clock), so the points stay as independent as
   * one after the other. Most of a point's time is spent waiting on the database's commits, which
   * overlap across lanes. Points after the first run that did not crash are not counted (they are
   * what a one-lane loop never starts).
   */
  async function everyCrashPoint(path: string, run: (n: number, mode: CrashMode, lane: number) => Promise<boolean>, opts: { lanes?: number } = {}) {
    const lanes = Math.max(1, opts.lanes ?? 1);
    for (const mode of ['before', 'after'] as const) {
      for (let n = 1; n < 500; n += lanes) {
        const settled = await Promise.allSettled(Array.from({ length: Math.min(lanes, 500 - n) }, (_, lane) => run(n + lane, mode, lane)));
        // Every lane finished before a failure is reported: none is left writing to a database being dropped.
        const failed = settled.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
        const crashed = settled.map((r) => (r as PromiseFulfilledResult<boolean>).value);
        const last = crashed.indexOf(false);
        tried[path] = (tried[path] ?? 0) + (last === -1 ? crashed.length : last);
        if (last !== -1) break;
      }
    }
    expect(tried[path]).toBeGreaterThan(5);
  }

  /** What the suite prints at its end: how many crash points were tried, per path. */
  const report = (label: string) => {
    const total = Object.values(tried).reduce((a, b) => a + b, 0);
    return `${label}: ${total} crash points tried (${Object.entries(tried).map(([k, v]) => `${k} ${v}`).join(', ')}); all recovered`;
  };

  return { world, everyCrashPoint, report };
}

/**
 * A crash-point test file's own database server, started before its tests and stopped after them,
 * and its harness; after the file, how many crash points were tried is printed under `label`.
 */
export function useCrashHarness(label: string) {
  let server: TestDb | undefined;
  beforeAll(async () => {
    server = await startTestDb();
  });
  afterAll(async () => server?.stop());
  const harness = crashHarness({ uri: (name) => server!.uri(name) });
  afterAll(() => console.log(harness.report(label)));
  return harness;
}

export const reporter = { id: 'rita', name: 'Rita' };
export const origin = (eventKey: string): Origin => ({ platform: 'shell', workspace: 'local', locale: 'en', reporter, eventKey });
export const INPUT = { title: 'Warehouse fire', type: 'supply-chain', criteria: {} };

/** A second process on the same database, dying at its `n`th write. */
export const dying = (core: Core, n: number, mode: CrashMode) => {
  const faulty = faultyDb(core.db, n, mode);
  return { core: { ...core, db: faulty.db }, crashed: faulty.crashed };
};

/** Delivers everything due, moving the clock past retry back-offs and leases, until the outbox is empty. */
export async function deliverAll(core: Core, port: RecordingPort, clock: { advance(ms: number): void }) {
  const dispatcher = new Dispatcher(core, port);
  for (let i = 0; i < 20; i++) {
    await dispatcher.drain();
    if ((await core.db.m.Outbox.countDocuments({ status: 'pending' })) === 0) return;
    clock.advance(61_000);
  }
  throw new Error('the outbox never emptied');
}

/** Room posts of one incident with its key written as KEY, so two incidents compare. */
export const roomOf = (port: RecordingPort, i: Incident) => {
  const counts: Record<string, number> = {};
  for (const [title, n] of Object.entries(port.countsIn(i.room!.id))) counts[title.replaceAll(i.key, 'KEY')] = n;
  return counts;
};

/** The first open step can be ticked and unticked: nothing of the incident stayed locked. */
export async function assertChangeable(core: Core, incident: Incident) {
  const steps = await stepsOf(core.db, incident);
  const open = steps.find((s) => s.status === 'open')!;
  expect((await setStepDone(core, incident, open.n, true, reporter)).changed).toBe(true);
  expect((await setStepDone(core, incident, open.n, false, reporter)).changed).toBe(true);
}

/** Steps, open deadlines and operations agree; returns what a test checks next. */
export async function assertConsistent(core: Core, key: string) {
  const incident = (await findIncident(core.db, key))!;
  const steps = await stepsOf(core.db, incident);
  expect(steps).toHaveLength(incident.stepCount);
  expect(incident.openDue.map((d) => d.getTime()).sort()).toEqual(steps.filter((s) => s.status === 'open').map((s) => s.dueAt.getTime()).sort());
  expect(await core.db.m.Op.countDocuments({})).toBe(0);
  return { incident, steps, events: await readTimeline(core.db, key) };
}

export const count = (events: { type: string }[], type: string) => events.filter((e) => e.type === type).length;
