import type { Platform } from '../../adapters/port.ts';
import type { Person, Playbook } from '../playbook/schema.ts';
import type { PersonRef } from '../store/records.ts';
import { holdersByDuty } from '../people/duty.ts';

export type Member = { id: string; name: string; role: string };

/** Just who someone is (id and name), for storing with a record or an effect. */
export const personRef = (p: PersonRef): PersonRef => ({ id: p.id, name: p.name });

/** The person's id on a platform; the shell uses the roster handle. */
export function platformId(p: Person, platform: Platform): string | undefined {
  return platform === 'shell' ? (p.shell ?? p.id) : platform === 'slack' ? p.slack : p.discord;
}

/** The role's holders on the platform; given a time, those on duty then come first (src/people/duty.ts). */
export function membersWithRole(pb: Playbook, role: string, platform: Platform, at?: Date): Member[] {
  return (at ? holdersByDuty(pb, role, at) : pb.roster).flatMap((p) => {
    const id = p.roles.includes(role) ? platformId(p, platform) : undefined;
    return id ? [{ id, name: p.name, role }] : [];
  });
}

/** The plan's people for the war room, once each, under the first of their roles the plan names. */
export function warRoomMembers(pb: Playbook, roles: readonly string[], platform: Platform, at?: Date): Member[] {
  const seen = new Set<string>();
  return roles.flatMap((r) => membersWithRole(pb, r, platform, at)).filter((m) => !seen.has(m.id) && seen.add(m.id));
}

export const LEAD_ROLE = 'crisis_lead';

/**
 * Who takes part in an incident: its reporter and the war room's members. A drill alerts only
 * them (DM targets outside this set are skipped and named in the room instead).
 */
export function participants(pb: Playbook, incident: { type: string; platform: Platform; reporter: { id: string } }): Set<string> {
  const plan = pb.plans.find((p) => p.id === incident.type);
  return new Set([incident.reporter.id, ...warRoomMembers(pb, plan?.roles ?? [], incident.platform).map((m) => m.id)]);
}

/** The plan's assessment team (roles of the playbook's `assessment` group), once each. */
export function assessmentTeam(pb: Playbook, incident: { type: string; platform: Platform }): Member[] {
  const plan = pb.plans.find((p) => p.id === incident.type);
  const roles = (plan?.roles ?? []).filter((r) => pb.roles.find((x) => x.id === r)?.group === 'assessment');
  return warRoomMembers(pb, roles, incident.platform);
}
