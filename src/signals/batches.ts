import { randomBytes } from 'node:crypto';
import type { Warning } from '../store/signals.ts';

/**
 * Insert batches of signals and what a warning has absorbed of them. A batch id names the process
 * that recorded it and its number there, `B-<process>-<n>`; a process evaluates its batches in the
 * order it numbered them, and each evaluation pass changes a warning once with all of its batches.
 * So "absorbed" is, per process, one number: every batch up to it is in the warning, none after.
 * A batch evaluated again after a crash is then recognised without keeping a list of batch ids.
 */

const BATCH = /^B-([0-9a-f]{12})-([0-9a-z]+)$/;

export class BatchNumbers {
  readonly process = randomBytes(6).toString('hex');
  private n = 0;

  next(): string {
    return `B-${this.process}-${(++this.n).toString(36)}`;
  }
}

export function parseBatch(id: string): { p: string; seq: number } | undefined {
  const m = BATCH.exec(id);
  return m ? { p: m[1]!, seq: parseInt(m[2]!, 36) } : undefined;
}

type Absorbed = NonNullable<Warning['absorbed']>;

/** Whether the warning has the points of `batch` already (a batch of an unknown shape never has: it is evaluated). */
export function isAbsorbed(absorbed: Absorbed | undefined, batch: string): boolean {
  const b = parseBatch(batch);
  return !!b && !!absorbed?.some((a) => a.p === b.p && a.seq >= b.seq);
}

/**
 * `absorbed` with `batches` added. A process's entry is dropped once it absorbed nothing for
 * longer than `keep` (the longest window): a batch that old is never evaluated again (the start
 * looks back one window), so the warning's document does not grow with every process ever started.
 */
export function absorb(absorbed: Absorbed | undefined, batches: readonly string[], now: Date, keep: number): Absorbed {
  const next = new Map((absorbed ?? []).filter((a) => now.getTime() - new Date(a.at).getTime() <= keep).map((a) => [a.p, a]));
  for (const id of batches) {
    const b = parseBatch(id);
    if (!b) continue;
    const had = next.get(b.p);
    next.set(b.p, { p: b.p, seq: Math.max(had?.seq ?? 0, b.seq), at: now });
  }
  return [...next.values()];
}
