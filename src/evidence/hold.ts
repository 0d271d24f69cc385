import { randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { defineOp, resumerOf } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import { staleOps } from '../store/ops.ts';
import { appendEvent } from '../store/timeline.ts';

/**
 * The legal hold (SOP 3, 保留法律证据): while it is on, the retention purge leaves everything of
 * the incident alone (src/store/retention.ts). Setting or clearing it is one operation
 * (src/ops/define.ts): the flag written under the incident's revision lease, the timeline event
 * saying who and why, the pinned summary redrawn through the outbox — a crash anywhere is
 * finished by the recovery pass, each write once.
 */

export const HOLD_OP = 'legal-hold';

type HoldIntent = { incidentKey: string; on: boolean; reason: string; by: string; at: number };
type HoldNote = { changed: boolean };
export type HoldResult = { changed: boolean; incident: Incident };

const holdOp = defineOp(HOLD_OP, async (core: Core, key: string, { incidentKey, on, reason, by, at }: HoldIntent, resumed: boolean): Promise<HoldNote> => {
  const { incident, note } = await updateIncidentOnce<HoldNote>(core.db, incidentKey, key, (current) => {
    const changed = Boolean(current.legalHold) !== on;
    return { set: changed ? { legalHold: on } : {}, note: { changed } };
  });
  // Asking for the state it is already in changes nothing and records nothing.
  if (!note.changed) return note;
  const type = on ? 'legal.hold.set' : 'legal.hold.cleared';
  await appendEvent(core.db, incidentKey, { at: new Date(at), type, actor: by, data: { reason } }, { once: key, lookBack: resumed ? 50 : 1 });
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'refresh-summary' }], `hold:${on ? 'on' : 'off'}:${at}`);
  return note;
});

/** Sets (`on`) or clears the hold once per `eventKey` (a fresh key per call without one). */
export async function setLegalHold(core: Core, incident: Pick<Incident, 'key'>, change: { on: boolean; reason: string; by: string }, eventKey?: string): Promise<HoldResult> {
  const key = `hold:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result } = await holdOp.run(core, key, { incidentKey: incident.key, ...change, at: core.now().getTime() });
  return { changed: Boolean(result?.changed), incident: (await findIncident(core.db, incident.key))! };
}

/**
 * Finishes the hold changes a crashed `crisis-bot hold` left (older than their lease): the command
 * line has no recovery pass of its own, and the bot's may not be running. Returns how many.
 */
export async function resumeStaleHolds(core: Core): Promise<number> {
  const stale = (await staleOps(core.db)).filter((op) => op.kind === HOLD_OP);
  for (const op of stale) await resumerOf(HOLD_OP)!(core, op.key);
  return stale.length;
}
