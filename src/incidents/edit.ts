import { randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { personRef } from './roster.ts';

/**
 * Corrections after the raise (issue 19 item 4): the raised details a reporter may have mistyped.
 * Grading criteria are not here — they change through the impact assessment, which re-grades.
 */
export const EDITABLE = ['title', 'description', 'location', 'startedAt'] as const;
export type Editable = (typeof EDITABLE)[number];
export type Edits = Partial<{ title: string; description: string; location: string; startedAt: Date }>;
/** One changed field, old value kept: the timeline is where a correction can be traced back. */
export type FieldChange = { field: Editable; from?: string; to?: string };

const asText = (v: unknown): string | undefined => (v instanceof Date ? v.toISOString() : v === undefined || v === null || v === '' ? undefined : String(v));

type EditIntent = { incidentKey: string; actor: PersonRef; edits: Record<string, string | undefined>; at: number };

const editOp = defineOp('edit', async (core: Core, key: string, { incidentKey, actor, edits, at }: EditIntent, resumed: boolean) => {
  const { incident, note } = await updateIncidentOnce<{ changes: FieldChange[] }>(core.db, incidentKey, key, (current) => {
    const changes: FieldChange[] = [];
    const set: Record<string, unknown> = {};
    for (const field of EDITABLE) {
      if (!(field in edits)) continue;
      const to = edits[field];
      const from = asText(current[field]);
      // The start time can be corrected, never removed.
      if (from === to || (field === 'startedAt' && !to)) continue;
      changes.push({ field, from, to });
      set[field] = field === 'startedAt' && to ? new Date(to) : (to ?? '');
    }
    return { set: set as Partial<Incident>, note: { changes } };
  });
  if (!note.changes.length) return note;
  const event = await appendEvent(core.db, incidentKey, { at: new Date(at), type: 'incident.edited', actor: actor.name, data: { changes: note.changes } }, { once: key, lookBack: resumed ? 50 : 1 });
  // The pinned summary and the checklist's header show the title: both are redrawn in place.
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'refresh-summary' }], `edit${event.seq}`);
  return note;
});

/** Applies the corrections once per delivery (a form submitted twice edits once); says what changed. */
export async function editIncident(core: Core, incident: Incident, edits: Edits, actor: PersonRef, eventKey?: string): Promise<{ changes: FieldChange[]; incident: Incident }> {
  const typed = Object.fromEntries(Object.entries(edits).map(([k, v]) => [k, asText(v)]));
  const { result } = await editOp.run(core, `edit:${incident.key}:${eventKey ?? randomUUID()}`, { incidentKey: incident.key, actor: personRef(actor), edits: typed, at: core.now().getTime() });
  return { changes: result.changes, incident: (await findIncident(core.db, incident.key))! };
}
