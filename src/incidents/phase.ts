import type { Core } from '../core.ts';
import { personRef } from './roster.ts';
import { canTransition, type IncidentStatus } from '../domain/lifecycle.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { boardRemove } from '../store/board.ts';
import { observe } from '../metrics/observe.ts';
import { updateIncident, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';

export type PhaseChange = { changed: true; from: IncidentStatus; incident: Incident } | { changed: false; from: IncidentStatus; incident: Incident };

/**
 * Moves the incident to its next SOP phase (the allowed moves are in src/domain/lifecycle.ts).
 * Review and closed end the deadline alerts (the sweep drops them); a closed incident leaves the
 * open-incident board.
 */
export async function changePhase(core: Core, incident: Incident, to: IncidentStatus, actor: PersonRef): Promise<PhaseChange> {
  const at = core.now();
  let from = incident.status;
  let changed = false;
  const updated = await updateIncident(core.db, incident.key, (current) => {
    from = current.status;
    changed = canTransition(current.status, to);
    return changed ? { status: to } : {};
  });
  if (!changed) return { changed, from, incident: updated };
  await appendEvent(core.db, incident.key, { at, type: 'status.changed', actor: actor.name, data: { from, to } });
  await enqueue(core, updated, [{ kind: 'phase-changed', from, to, by: personRef(actor), at: at.getTime() }, { kind: 'refresh-summary' }], `phase:${from}-${to}`);
  if (to === 'closed') await boardRemove(core.db, incident.key);
  if (to === 'closed') observe(core).incidentClosed();
  return { changed, from, incident: updated };
}
