import { randomUUID } from 'node:crypto';
import type { ChatPort, MessageRef, ReplyTarget, RoomSpec } from '../../adapters/port.ts';
import type { Db } from '../../src/store/connect.ts';
import type { Card, RoomLink } from '../../src/ui/card.ts';

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
