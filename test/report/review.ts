import type { Core } from '../../src/core.ts';
import { ALL_STATUSES } from '../../src/domain/lifecycle.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { findIncident } from '../../src/store/incidents.ts';
import type { PersonRef } from '../../src/store/records.ts';

/** Moves an incident phase by phase up to review, as its lead would (a final report needs review). */
export async function toReview(core: Core, key: string, lead: PersonRef): Promise<void> {
  const order = ALL_STATUSES;
  for (const to of order.slice(1, order.indexOf('review') + 1)) {
    const i = (await findIncident(core.db, key))!;
    if (order.indexOf(i.status) < order.indexOf(to)) await changePhase(core, i, to, lead, undefined, to === 'review' ? 'root cause is in the site report' : undefined);
  }
}
