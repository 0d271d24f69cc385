import type { Platform, RoomMembership } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { canAccess } from '../incidents/access.ts';
import { incidentsRaisedSince } from '../store/incident-list.ts';
import type { Incident } from '../store/records.ts';
import type { TrackedAction } from './model.ts';

/**
 * Every open improvement action across the incidents the asker may see, by the one access rule
 * (src/incidents/access.ts): a private incident's actions stay as hidden as the incident. Reads
 * every incident — a follow-up list asked for now and then, not a hot path (on FerretDB it scans).
 */
export async function openActionsFor(core: Core, asker: { platform: Platform; workspace: string; id: string }, port?: RoomMembership): Promise<{ incident: Incident; action: TrackedAction }[]> {
  const out: { incident: Incident; action: TrackedAction }[] = [];
  for (const incident of await incidentsRaisedSince(core.db)) {
    const open = (incident.actions ?? []).filter((a) => a.status === 'open');
    if (!open.length || !(await canAccess(core, incident, asker, port))) continue;
    for (const action of open) out.push({ incident, action });
  }
  return out;
}
