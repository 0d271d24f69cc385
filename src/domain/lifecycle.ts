import type { Phase } from '../playbook/schema.ts';

/** An incident moves through the SOP's phases, then closes once the review is done (and may be reopened into review). */
export type IncidentStatus = Phase | 'closed';

const NEXT: Record<IncidentStatus, IncidentStatus[]> = {
  identify: ['assess', 'respond'],
  assess: ['respond'],
  respond: ['control', 'resolve'],
  control: ['resolve', 'respond'],
  resolve: ['review', 'respond'],
  review: ['closed'],
  // Reopening always needs the lead's reason (src/incidents/closing-guards.ts).
  closed: ['review'],
};

export const OPEN_STATUSES: IncidentStatus[] = ['identify', 'assess', 'respond', 'control', 'resolve', 'review'];

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return NEXT[from].includes(to);
}

export const nextStatuses = (from: IncidentStatus): readonly IncidentStatus[] => NEXT[from];
export const ALL_STATUSES = Object.keys(NEXT) as IncidentStatus[];
