import type { EvidenceReader } from './context.ts';
import { eventsOf } from './context.ts';

/** Every statement with all its versions, approvals and publications, internal ones included. */
export const statementsReader: EvidenceReader = {
  file: 'statements.json',
  read: ({ incident, events }) => ({ statements: incident.statements ?? [], events: eventsOf(events, ['statement']) }),
};

/** Every rumour recorded; a rebuttal is a statement (`answers`) and is in statements.json. */
export const rumoursReader: EvidenceReader = {
  file: 'rumours.json',
  read: ({ incident, events }) => ({ rumours: incident.rumours ?? [], events: eventsOf(events, ['rumour']) }),
};
