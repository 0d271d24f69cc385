import type { Core } from '../../src/core.ts';
import { acknowledge } from '../../src/incidents/deadlines.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { findIncident } from '../../src/store/incidents.ts';
import type { testClock } from '../support/core.ts';

export const ALICE = { id: 'alice', name: 'Alice Placeholder' };
const MIN = 60_000;

/**
 * A drill (or, with `drill: false`, a real incident) run through the services on the test clock:
 * raised now, acknowledged `ackMin` minutes later, `ticks` done at that moment, then (unless
 * `open`) moved through every phase to closed.
 */
export async function runIncident(
  core: Core,
  clock: ReturnType<typeof testClock>,
  o: { type: string; title: string; ackMin?: number; ticks?: number[]; level?: 1 | 2 | 4; drill?: boolean; open?: boolean },
): Promise<string> {
  // The default levels.yml: 100 people affected is level 1, 10 is level 2, nothing reached is level 4.
  const criteria = o.level === 1 ? { people_affected: 100 } : o.level === 2 ? { people_affected: 10 } : {};
  const { incident } = await raise(core, { title: o.title, type: o.type, criteria, drill: o.drill ?? true }, { platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' } });
  if (o.ackMin !== undefined) {
    clock.advance(o.ackMin * MIN);
    await acknowledge(core, (await findIncident(core.db, incident.key))!, ALICE);
  }
  for (const n of o.ticks ?? []) await setStepDone(core, (await findIncident(core.db, incident.key))!, n, true, ALICE);
  if (!o.open) for (const p of ['assess', 'respond', 'control', 'resolve', 'review', 'closed'] as const) await changePhase(core, (await findIncident(core.db, incident.key))!, p, ALICE, undefined, p === 'closed' ? 'drill over; the gaps are the lesson' : p === 'review' ? 'root cause is in the site report' : undefined);
  return incident.key;
}
