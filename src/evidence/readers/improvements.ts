import type { EvidenceReader } from './context.ts';
import { eventsOf } from './context.ts';

/** The root-cause analysis, every version of it, and the improvement actions (src/actions) with their events and alerts. */
export const improvementsReader: EvidenceReader = {
  file: 'improvements.json',
  read: ({ incident, events }) => ({
    rootCause: incident.rca ?? [],
    actions: incident.actions ?? [],
    events: [...eventsOf(events, ['rca', 'action']), ...eventsOf(events, ['deadline.alert']).filter((e) => e.data.kind === 'action')].sort((a, b) => a.seq - b.seq),
  }),
};
