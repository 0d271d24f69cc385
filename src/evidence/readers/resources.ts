import { movementsOf } from '../../store/stock.ts';
import type { EvidenceReader } from './context.ts';
import { eventsOf } from './context.ts';

/** Resource requests (src/resources) with their decisions and use, and this incident's movements of the shared stock. */
export const resourcesReader: EvidenceReader = {
  file: 'resources.json',
  read: async ({ core, incident, events }) => {
    const requests = incident.requests ?? [];
    const resources = [...new Set(requests.map((r) => r.resource).filter((r): r is string => Boolean(r)))].sort();
    const movements = (await Promise.all(resources.map((r) => movementsOf(core.db, r)))).flat().filter((m) => m.incidentKey === incident.key);
    return { requests, stockMovements: movements, events: eventsOf(events, ['resource']) };
  },
};
