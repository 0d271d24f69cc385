import type { EvidenceReader } from './context.ts';
import { eventsOf } from './context.ts';

/**
 * Who held what (src/people): reporter, lead, the roles as last set (absent: the roster's holders
 * applied), a pending handover, and every claim, release, assignment and handover event.
 */
export const peopleReader: EvidenceReader = {
  file: 'people.json',
  read: ({ incident, events }) => ({
    reporter: incident.reporter,
    lead: incident.lead ?? null,
    ackedBy: incident.ackedBy ?? null,
    roles: incident.roles ?? null,
    handover: incident.handover ?? null,
    events: eventsOf(events, ['role', 'lead']),
  }),
};
