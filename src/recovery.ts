import type { Core } from './core.ts';
import { isOwnResumed, resumerOf } from './ops/define.ts';
import { staleOps } from './store/ops.ts';
// Each module that defines an operation registers how to finish it (ops/define.ts).
import './assessment/service.ts';
import './evidence/hold.ts';
import './incidents/deadlines.ts';
import './incidents/level.ts';
import './incidents/phase.ts';
import './incidents/service.ts';
import './incidents/tick.ts';
import './drills/announce.ts';

/**
 * Finishes every operation whose holder went quiet past its lease: at start (a crash of the last
 * run) and every lease period (a crash of another process). Returns how many were finished.
 */
export async function resumeStale(core: Core): Promise<number> {
  let resumed = 0;
  for (const op of await staleOps(core.db)) {
    if (isOwnResumed(op.kind)) continue;
    const resume = resumerOf(op.kind);
    if (!resume) {
      core.log.warn({ op: op.key, kind: op.kind }, 'an unfinished operation of an unknown kind is left as it is');
      continue;
    }
    try {
      await resume(core, op.key);
      resumed++;
    } catch (err) {
      core.log.error({ err, op: op.key }, 'resuming an unfinished operation failed; the next pass tries again');
    }
  }
  return resumed;
}

/** Runs resumeStale every `everyMs` (unref'd: it never keeps a process alive). */
export function startRecovery(core: Core, everyMs: number): { stop(): void } {
  const timer = setInterval(() => void resumeStale(core).catch((err: unknown) => core.log.error({ err }, 'recovery pass failed')), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
