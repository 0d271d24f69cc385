import type { Core } from '../core.ts';
import { insertEntries, type NewEntry } from '../store/outbox.ts';
import type { Warning } from '../store/signals.ts';
import type { WarningEffect } from './messaging.ts';

let sequence = 0;

/**
 * Records the effects of one evaluation of a warning, one per monitoring channel (each platform's
 * dispatcher delivers its own). The warning's id groups them in the outbox as an incident key
 * does, so a warning's post, redraws and close go out in the order recorded. Ids are fixed by the
 * warning, its generation and the redraw number: an evaluation run again records nothing twice.
 */
export async function enqueueWarning(core: Core, w: Warning, action: 'post' | 'refresh' | 'close'): Promise<void> {
  const entries = warningEntries(core, w, action);
  if (entries.length) await insertEntries(core.db, entries);
}

/** The outbox entries of one action on a warning, for a caller that records several at once. */
export function warningEntries(core: Core, w: Warning, action: 'post' | 'refresh' | 'close'): NewEntry[] {
  const channels = core.playbook.signals?.monitoring ?? [];
  const now = core.now();
  const order = Date.now() * 1000 + (sequence++ % 1000);
  const effect: WarningEffect =
    action === 'post'
      ? { kind: 'post-warning', warning: w._id, generation: w.generation }
      : action === 'refresh'
        ? { kind: 'refresh-warning', warning: w._id, generation: w.generation, n: w.refreshes }
        : { kind: 'close-warning', warning: w._id, generation: w.generation };
  const suffix = action === 'refresh' ? `refresh:${w.refreshes}` : action;
  return channels.map((c) => ({
    _id: `${w._id}:g${w.generation}:${suffix}:${c.platform}`,
    incidentKey: w._id,
    platform: c.platform,
    order,
    stage: 0,
    effect,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  }));
}
