import type { Platform } from '../../adapters/port.ts';
import { LEAD_ROLE, membersWithRole, personRef } from '../incidents/roster.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Incident, LeadHandover, PersonRef } from '../store/records.ts';

/**
 * Roles in an incident: the one place that says who holds a role now. The lead is the incident's
 * `lead` (what preconditions, the escalation ladder and DMs already read), so a lead handover
 * changes that one field; every other role is the incident's `roles` entry once someone claimed,
 * released or was assigned it, and the roster's holders on the platform until then.
 */

export type RoleAction =
  | { kind: 'claim'; role: string; who: PersonRef }
  | { kind: 'release'; role: string; who: PersonRef }
  | { kind: 'assign'; role: string; who: PersonRef; by: PersonRef }
  | { kind: 'propose'; who: PersonRef; by: PersonRef; at: Date }
  | { kind: 'accept'; who: PersonRef }
  | { kind: 'withdraw'; who: PersonRef };

/** Why an action changes nothing; each is a message in the people catalog. */
export type RoleRefusal = 'already' | 'notHolder' | 'leadRole' | 'alreadyLead' | 'noHandover' | 'notProposed' | 'notProposer' | 'pending';

export type RoleChange = { set: Partial<Pick<Incident, 'roles' | 'handover' | 'lead'>>; role?: string; holders?: PersonRef[] };

type Holding = Pick<Incident, 'type' | 'platform' | 'lead' | 'roles' | 'handover'>;

/** Who holds `role` in the incident now. */
export function holdersOf(pb: Playbook, i: Holding, role: string): PersonRef[] {
  if (role === LEAD_ROLE) return i.lead ? [personRef(i.lead)] : [];
  return i.roles?.[role] ?? membersWithRole(pb, role, i.platform as Platform).map(personRef);
}

/** The plan's roles, the lead first (the Roles card's rows and the role argument's choices). */
export function planRoles(pb: Playbook, i: Pick<Incident, 'type'>): string[] {
  const roles = pb.plans.find((p) => p.id === i.type)?.roles ?? [];
  return [LEAD_ROLE, ...roles.filter((r) => r !== LEAD_ROLE)];
}

const same = (a: PersonRef, b: PersonRef) => a.id === b.id;

/** What an action changes, or why it changes nothing. Pure: the operation applies it under the incident's revision lease. */
export function decide(pb: Playbook, i: Holding, a: RoleAction): RoleChange | { refused: RoleRefusal } {
  const handover: LeadHandover | null | undefined = i.handover;
  switch (a.kind) {
    case 'claim':
    case 'assign': {
      if (a.role === LEAD_ROLE) return { refused: 'leadRole' };
      const holders = holdersOf(pb, i, a.role);
      if (holders.some((h) => same(h, a.who))) return { refused: 'already' };
      return withHolders(i, a.role, [...holders, personRef(a.who)]);
    }
    case 'release': {
      if (a.role === LEAD_ROLE) return { refused: 'leadRole' };
      const holders = holdersOf(pb, i, a.role);
      if (!holders.some((h) => same(h, a.who))) return { refused: 'notHolder' };
      return withHolders(i, a.role, holders.filter((h) => !same(h, a.who)));
    }
    case 'propose':
      if (i.lead && same(i.lead, a.who)) return { refused: 'alreadyLead' };
      if (handover && same(handover.to, a.who)) return { refused: 'pending' };
      // The lead stays responsible until the new one accepts; a newer proposal replaces an older one.
      return { set: { handover: { from: personRef(i.lead ?? a.by), to: personRef(a.who), by: personRef(a.by), at: a.at } } };
    case 'accept':
      if (!handover) return { refused: 'noHandover' };
      if (!same(handover.to, a.who)) return { refused: 'notProposed' };
      return { set: { lead: personRef(handover.to), handover: null }, role: LEAD_ROLE, holders: [personRef(handover.to)] };
    case 'withdraw':
      if (!handover) return { refused: 'noHandover' };
      if (!same(handover.from, a.who) && !same(handover.by, a.who)) return { refused: 'notProposer' };
      return { set: { handover: null } };
  }
}

const withHolders = (i: Holding, role: string, holders: PersonRef[]): RoleChange => ({ set: { roles: { ...(i.roles ?? {}), [role]: holders } }, role, holders });

/** Plan roles nobody holds now (a required role left empty). */
export const emptyRoles = (pb: Playbook, i: Holding): string[] => planRoles(pb, i as Pick<Incident, 'type'>).filter((r) => holdersOf(pb, i, r).length === 0);
