import { rtoLadder } from '../domain/continuity.ts';
import type { Person } from '../domain/escalation.ts';
import { holdersOf } from '../people/roles.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Incident } from '../store/records.ts';

/**
 * What the alert handler (src/scheduler/handle.ts) needs to send an RTO alert: the two rungs
 * (owner role at 75 % of the RTO, the lead at the RTO), who holds the function's owner role in
 * this incident (a claim or an assignment counts, src/people), and where the RTO falls. Undefined
 * when the function left continuity.yml: its alerts are dropped.
 */
export function rtoWatch(pb: Playbook, incident: Incident, fn: string) {
  const f = pb.continuity?.functions.find((x) => x.id === fn);
  if (!f) return undefined;
  const owners: Person[] = holdersOf(pb, incident, f.owner);
  return { ladder: rtoLadder(f.rto), owners, deadline: (base: Date) => new Date(base.getTime() + f.rto) };
}
