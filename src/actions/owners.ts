import type { Person } from '../domain/escalation.ts';
import { personRef } from '../incidents/roster.ts';
import { holdersOf } from '../people/roles.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Incident } from '../store/records.ts';
import type { ActionOwner } from './model.ts';

/** The people who answer for an owner: the person named, or whoever holds the role in the incident now. */
export function ownerPeople(pb: Playbook, incident: Incident, owner: ActionOwner): Person[] {
  return 'person' in owner ? [personRef(owner.person)] : holdersOf(pb, incident, owner.role).map(personRef);
}

/** The `owners` rung of action A<n>'s ladder (src/scheduler/handle.ts): its owner, or nobody once it is gone. */
export function actionOwners(pb: Playbook, incident: Incident, n: number | undefined): Person[] {
  const a = incident.actions?.find((x) => x.n === n);
  return a ? ownerPeople(pb, incident, a.owner) : [];
}
