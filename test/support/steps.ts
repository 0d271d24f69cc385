import type { Core } from '../../src/core.ts';
import type { IncidentStatus } from '../../src/domain/lifecycle.ts';
import { openEarlierSteps } from '../../src/incidents/closing-guards.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { findIncident } from '../../src/store/incidents.ts';
import type { PersonRef } from '../../src/store/records.ts';
import { stepsOf } from '../../src/store/steps.ts';

/**
 * Ticks every open step the move to `to` would list (issue 19: moving on with open steps of the
 * phases left needs the lead's reason), for tests whose subject is another guard or feature and
 * that must move without one. The same rule as the guard's, so set-up and guard cannot drift.
 */
export async function tickStepsBefore(core: Core, key: string, to: IncidentStatus, who: PersonRef): Promise<void> {
  const incident = (await findIncident(core.db, key))!;
  for (const s of openEarlierSteps(incident, await stepsOf(core.db, incident), to)) await setStepDone(core, (await findIncident(core.db, key))!, s.n, true, who);
}
