import type { EvidenceReader } from './context.ts';
import { eventsOf } from './context.ts';

/** Every version of every fact (corrections, verifications and disputes included), never only the latest. */
export const factsReader: EvidenceReader = {
  file: 'facts.json',
  read: ({ incident, events }) => ({ versions: incident.facts ?? [], events: eventsOf(events, ['fact']) }),
};

/** Every impact assessment in the order made, and a re-grade it suggested that is still pending. */
export const impactReader: EvidenceReader = {
  file: 'impact.json',
  read: ({ incident, events }) => ({ assessments: incident.impacts ?? [], pendingRegrade: incident.regrade ?? null, events: eventsOf(events, ['impact', 'level.suggested']) }),
};
