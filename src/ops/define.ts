import type { Core } from '../core.ts';
import { awaitOp, beginOp, finishOp, readOp, type OpRun } from '../store/ops.ts';

/**
 * The service side of store/ops.ts: each kind of multi-write operation is defined once, with the
 * function that applies its intent (idempotently: see the rule in store/ops.ts), and is thereby
 * known to the recovery pass that finishes it after a crash.
 */

const resumers = new Map<string, (core: Core, key: string) => Promise<void>>();
/** Kinds only their own entry point finishes (see `hostBound` below): the bot's recovery pass leaves them. */
const ownResumed = new Set<string>();

export const resumerOf = (kind: string) => resumers.get(kind);
export const isOwnResumed = (kind: string) => ownResumed.has(kind);

function registerResume(kind: string, resume: (core: Core, key: string) => Promise<void>): void {
  resumers.set(kind, resume);
}

/**
 * For operations with their own entry points: registers, and returns, the function that finishes
 * one after a crash — its recorded intent run again under the next lease generation.
 */
export function resumable<I extends object>(kind: string, apply: (core: Core, key: string, run: OpRun<I>) => Promise<unknown>) {
  const resume = async (core: Core, key: string): Promise<void> => {
    const intent = await readOp<I>(core.db, key);
    if (!intent) return;
    const begun = await beginOp<I>(core.db, key, kind, intent);
    if (begun.state === 'run') await apply(core, key, { ...begun, resumed: true });
  };
  registerResume(kind, resume);
  return resume;
}

export type OpResult<R> = { result: R; duplicate: boolean };

/**
 * An operation run once per key: a second delivery of the same key (a retried form, a replayed
 * request, two clicks) gets the first one's result, and a crash anywhere is finished by the next
 * delivery or the recovery pass. The result is kept as JSON (dates as epoch ms).
 */
export function defineOp<I extends object, R>(kind: string, apply: (core: Core, key: string, intent: I, resumed: boolean) => Promise<R>, opts: { hostBound?: boolean } = {}) {
  async function run(core: Core, key: string, intent: I): Promise<OpResult<R>> {
    const begun = await beginOp<I>(core.db, key, kind, intent);
    if (begun.state !== 'run') {
      const done = begun.state === 'done' ? begun.result : await awaitOp(core.db, key, 100);
      if (done === false) throw new Error(`${key} is being handled by another process`);
      return { result: (done === undefined ? undefined : JSON.parse(done)) as R, duplicate: true };
    }
    const result = await apply(core, key, begun.intent, begun.resumed);
    await finishOp(core.db, key, JSON.stringify(result ?? null));
    return { result, duplicate: begun.resumed };
  }
  const resume = async (core: Core, key: string): Promise<void> => {
    const op = await readOp<I>(core.db, key);
    if (op) await run(core, key, op);
  };
  // `hostBound`: the intent names files on the machine that began it (plan-apply's playbook
  // folder), so only a run of the same entry point there may finish it; a bot elsewhere would fail
  // on every pass, and a bot on the same machine would write a folder it was never pointed at.
  if (opts.hostBound) ownResumed.add(kind);
  else registerResume(kind, resume);
  return { run, resume };
}
