import { stepsOf } from '../../store/steps.ts';
import type { EvidenceReader } from './context.ts';

/** The incident document exactly as stored (every field, bookkeeping included: it is the record). */
export const incidentReader: EvidenceReader = { file: 'incident.json', read: ({ incident }) => ({ incident }) };

/** Every checklist step with its owners, deadline, who ticked it and when. */
export const stepsReader: EvidenceReader = { file: 'steps.json', read: async ({ core, incident }) => ({ steps: await stepsOf(core.db, incident) }) };
