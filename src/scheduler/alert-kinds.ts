import { actionOwners } from '../actions/owners.ts';
import { rtoWatch } from '../continuity/ladder.ts';
import type { Core } from '../core.ts';
import type { Alert, Person } from '../domain/escalation.ts';
import { membersWithRole, personRef } from '../incidents/roster.ts';
import type { DeadlineNotice, Effect } from '../outbox/enqueue.ts';
import { reportDone, reportOwners } from '../report/due.ts';
import { SITE_ALERT_EVERY } from '../site/alerts.ts';
import type { Incident } from '../store/incidents.ts';
import type { Step } from '../store/records.ts';
import { holdersOf } from '../people/roles.ts';
import type { Policy } from './schedule.ts';

/**
 * What each kind of alert watches, in one place for the send path (handle.ts): who owns it, the
 * deadline its notice names, whether its rungs or the lead hear, what its notice and timeline
 * event add, the policy its next alert follows, and any card it refreshes. A new kind is a case
 * here plus its id in src/domain/escalation.ts (and its wording in src/incidents/alert-cards.ts).
 */
export type Watch = {
  /** "owners" on the ladder. */
  owners: Person[];
  /** The deadline the notice and the timeline name. */
  dueAt: Date;
  /** The lead hears every nudge (cadences, not ladders); otherwise the rung's `notify`. */
  leadOnly?: boolean;
  /** The ladder and cadence for the rung after this one. */
  policy: Policy;
  notice?: Partial<DeadlineNotice>;
  /** Added to the `deadline.alert` event. */
  data?: Record<string, unknown>;
  /** Effects besides the DMs and the room notice. */
  effects?: Effect[];
};

/** The watch of a due alert, or undefined when what it watched is gone (the alert is dropped). */
export function watchOf(core: Core, alert: Alert, incident: Incident, step: Step | null, policy: Policy): Watch | undefined {
  const { playbook } = core;
  const lead = incident.lead ? [{ id: incident.lead.id, name: incident.lead.name }] : [];
  const byBase = { owners: lead, dueAt: alert.base, policy };
  switch (alert.kind) {
    case 'step':
      return { owners: step ? step.owners.map(personRef) : lead, dueAt: step?.dueAt ?? alert.dueAt, policy };
    case 'ack':
    case 'role':
      return byBase;
    case 'update':
      return { owners: lead, dueAt: alert.dueAt, leadOnly: true, policy, notice: { since: alert.base.getTime() } };
    case 'statement': {
      // The next public statement is the publishers' (comms) to write before it is the lead's.
      const publishers = (playbook.statements?.publishers ?? []).flatMap((r) => membersWithRole(playbook, r, incident.platform).map(personRef));
      return { ...byBase, owners: publishers.length ? publishers : lead, notice: { n: alert.cycle } };
    }
    case 'rto': {
      // An RTO has its own two rungs (the function's owner role, then the lead): src/continuity/ladder.ts.
      const rto = rtoWatch(playbook, incident, alert.fn!);
      if (!rto) return undefined;
      // The card's "passed" follows the rung that says so.
      return { owners: rto.owners, dueAt: rto.deadline(alert.base), policy: { ...policy, ladder: rto.ladder }, notice: { fn: alert.fn }, effects: [{ kind: 'continuity-card' }] };
    }
    case 'action': {
      const action = `A${alert.cycle}`;
      return { ...byBase, owners: actionOwners(playbook, incident, alert.cycle), notice: { action }, data: { action } };
    }
    case 'site':
      return { owners: lead, dueAt: alert.dueAt, leadOnly: true, policy: { ...policy, cadence: SITE_ALERT_EVERY }, notice: { n: alert.cycle } };
    case 'report':
      return { ...byBase, owners: reportOwners(incident, step) };
  }
}

/** What `decide` needs to know beyond the alert and the incident: is the watched role held, is the report written. */
export async function stateOf(core: Core, alert: Alert, incident: Incident | null, step: Step | null) {
  const roleFilled = alert.kind === 'role' && incident ? holdersOf(core.playbook, incident, alert.role!).length > 0 : undefined;
  const done = alert.kind === 'report' && incident?.status === 'review' ? await reportDone(core, alert.incidentKey, step) : undefined;
  return { incident, step, roleFilled, reportDone: done };
}

/** A report alert reads the plan's report step (its owners hear first; ticked, the ladder ends). */
export const readsStep = (alert: Alert) => alert.kind === 'step' || (alert.kind === 'report' && alert.n !== undefined);
