import type { Core } from '../src/core.ts';
import { UserError } from '../src/core.ts';
import { currentFacts, type FactVersion } from '../src/domain/assessment.ts';
import { isWatched } from '../src/domain/escalation.ts';
import { KEY_PATTERN } from '../src/domain/naming.ts';
import { t } from '../src/i18n/index.ts';
import { canAccess } from '../src/incidents/access.ts';
import { roleName } from '../src/incidents/messaging.ts';
import { membersWithRole } from '../src/incidents/roster.ts';
import { findIncident, incidentInRoom, type Incident } from '../src/store/incidents.ts';
import type { Step } from '../src/store/records.ts';
import { findStep } from '../src/store/steps.ts';
import type { Invocation } from './types.ts';

/**
 * Named rules about who may do what, each throwing a UserError that says why not and what to do.
 * Commands call them by name, so a rule reads the same everywhere and lives in one place.
 */

/** Only the incident's lead may acknowledge it or move it to another phase. */
export function requireLead(_core: Core, inv: Invocation, incident: Incident, action: 'ack' | 'phase' = 'ack'): void {
  if (!incident.lead) throw new UserError(t(inv.locale, 'err.noLead', { key: incident.key }));
  if (incident.lead.id !== inv.user.id) throw new UserError(t(inv.locale, action === 'ack' ? 'err.notLead' : 'err.notLeadPhase', { key: incident.key, lead: incident.lead.name }));
}

/** A step's alerts may be snoozed by its owners or by the lead. */
export function requireOwnerOrLead(_core: Core, inv: Invocation, incident: Incident, step: Step): void {
  if (incident.lead?.id === inv.user.id || step.owners.some((o) => o.id === inv.user.id)) return;
  const owners = step.owners.map((o) => o.name).join(', ') || '—';
  throw new UserError(t(inv.locale, 'err.notOwnerOrLead', { n: step.n, key: incident.key, owners, lead: incident.lead?.name ?? '—' }));
}

/** Corrections to what was raised: the lead, who answers for the record, or the reporter, who typed it. */
export function requireLeadOrReporter(_core: Core, inv: Invocation, incident: Incident): void {
  if (incident.lead?.id === inv.user.id || incident.reporter.id === inv.user.id) return;
  throw new UserError(t(inv.locale, 'edit.err.notAllowed', { key: incident.key, lead: incident.lead?.name ?? '—', reporter: incident.reporter.name }));
}

/** A closed incident is final: a command that would change it says so instead. */
export function requireNotClosed(_core: Core, inv: Invocation, incident: Incident): void {
  if (incident.status === 'closed') throw new UserError(t(inv.locale, 'edit.err.closed', { key: incident.key }));
}

/** Deadline actions make sense only while the incident is watched (not resolved). */
export function requireWatched(_core: Core, inv: Invocation, incident: Incident): void {
  if (!isWatched(incident.status)) throw new UserError(t(inv.locale, 'err.resolved', { key: incident.key }));
}

/** `N` names one of the incident's steps; returns the step. */
export async function requireStep(core: Core, inv: Invocation, command: string, incident: Incident, nArg: string | undefined): Promise<Step> {
  const n = requireStepNumber(inv, command, incident, nArg);
  const step = await findStep(core.db, incident.key, n);
  if (!step) throw new UserError(t(inv.locale, 'err.unknownStep', { key: incident.key, n, max: incident.stepCount }), 'step');
  return step;
}

export function requireStepNumber(inv: Invocation, command: string, incident: Incident, nArg: string | undefined): number {
  const key = incident.key;
  if (!nArg || !/^\d+$/.test(nArg)) throw new UserError(t(inv.locale, 'err.stepArg', { command, key }), 'step');
  const n = Number(nArg);
  if (n < 1 || n > incident.stepCount) throw new UserError(t(inv.locale, 'err.unknownStep', { key, n, max: incident.stepCount }), 'step');
  return n;
}

/** An open step: snoozing or asking help with a done one changes nothing anyone needs. */
export function requireOpenStep(_core: Core, inv: Invocation, incident: Incident, step: Step): void {
  if (step.status === 'done') throw new UserError(t(inv.locale, 'err.stepDone', { n: step.n, key: incident.key, user: step.doneBy?.name ?? '?' }));
}

/** Whether the person who invoked the command may access the incident (the rule in src/incidents/access.ts). */
export const mayAccess = (core: Core, inv: Invocation, incident: Incident): Promise<boolean> =>
  canAccess(core, incident, { platform: inv.platform, workspace: inv.workspace, id: inv.user.id }, inv.membership);

/**
 * Only those the access rule lets in (src/incidents/access.ts) may see or act on an incident.
 * Anyone else hears exactly what a key that does not exist gets, so keys cannot be probed.
 */
export async function requireAccess(core: Core, inv: Invocation, incident: Incident): Promise<void> {
  if (!(await mayAccess(core, inv, incident))) throw new UserError(t(inv.locale, 'err.unknownIncident', { key: incident.key }), 'key');
}

/** The incident a command names, or the one whose war room it was typed in; either only if the person may access it. */
export async function incidentFromArgs(core: Core, inv: Invocation, keyArg: string | undefined): Promise<Incident | undefined> {
  if (!keyArg) {
    if (!inv.room) return undefined;
    const here = await incidentInRoom(core.db, inv.platform, inv.workspace, inv.room);
    // A room whose incident this person may not access is, for them, no war room at all.
    return here && (await mayAccess(core, inv, here)) ? here : undefined;
  }
  const key = keyArg.toUpperCase();
  if (!KEY_PATTERN.test(key)) throw new UserError(t(inv.locale, 'err.badKey', { key: keyArg }), 'key');
  const found = await findIncident(core.db, key);
  if (!found) throw new UserError(t(inv.locale, 'err.unknownIncident', { key }), 'key');
  // Another workspace's incident, or a private one, answers as unknown.
  await requireAccess(core, inv, found);
  return found;
}

/** The incident a command names (or whose war room it was typed in). */
export async function requireIncident(core: Core, inv: Invocation, command: string, keyArg: string | undefined): Promise<Incident> {
  const incident = await incidentFromArgs(core, inv, keyArg || undefined);
  if (!incident) throw new UserError(t(inv.locale, 'err.keyArg', { command }), 'key');
  return incident;
}

/** Only the incident's lead, or someone holding a role levels.yml lists in level_change_roles, may change or keep its level. */
export function requireLevelChanger(core: Core, inv: Invocation, incident: Incident): void {
  if (incident.lead?.id === inv.user.id) return;
  const roles = core.playbook.levelChangeRoles;
  if (roles.some((role) => membersWithRole(core.playbook, role, inv.platform).some((m) => m.id === inv.user.id))) return;
  const allowed = [incident.lead?.name ?? t(inv.locale, 'summary.nobody'), ...roles.map((r) => roleName(core.playbook, r, inv.locale))].join(', ');
  throw new UserError(t(inv.locale, 'err.notLevelChanger', { key: incident.key, allowed }));
}

/** `F3` names one of the incident's facts; returns its current version. */
export function requireFact(_core: Core, inv: Invocation, command: string, incident: Incident, idArg: string | undefined): FactVersion {
  const id = idArg?.toUpperCase();
  if (!id || !/^F\d+$/.test(id)) throw new UserError(t(inv.locale, 'err.factArg', { command, key: incident.key }), 'fact');
  const facts = currentFacts(incident.facts ?? []);
  const fact = facts.find((f) => f.id === id);
  if (!fact) throw new UserError(t(inv.locale, 'err.unknownFact', { key: incident.key, id, ids: facts.map((f) => f.id).join(', ') || '—' }), 'fact');
  return fact;
}

/** A second pair of eyes: the author of a fact's version may not verify it. */
export function requireNotAuthor(_core: Core, inv: Invocation, incident: Incident, fact: FactVersion): void {
  if (fact.author.id === inv.user.id) throw new UserError(t(inv.locale, 'err.ownFact', { id: fact.id, key: incident.key }));
}

/**
 * The rules a command declares by name (`preconditions: ['lead', 'watched']`), checked by the
 * framework in the declared order once its arguments are read: `key` is the incident, `n` the step,
 * `fact` the fact the arguments named. `{ name, when }` checks a rule only when it applies.
 */
type Values = Record<string, unknown>;
const RULES = {
  lead: (core, inv, v) => requireLead(core, inv, v.key as Incident),
  phaseLead: (core, inv, v) => requireLead(core, inv, v.key as Incident, 'phase'),
  watched: (core, inv, v) => requireWatched(core, inv, v.key as Incident),
  leadOrReporter: (core, inv, v) => requireLeadOrReporter(core, inv, v.key as Incident),
  notClosed: (core, inv, v) => requireNotClosed(core, inv, v.key as Incident),
  ownerOrLead: (core, inv, v) => requireOwnerOrLead(core, inv, v.key as Incident, v.n as Step),
  openStep: (core, inv, v) => requireOpenStep(core, inv, v.key as Incident, v.n as Step),
  levelChanger: (core, inv, v) => requireLevelChanger(core, inv, v.key as Incident),
  notAuthor: (core, inv, v) => requireNotAuthor(core, inv, v.key as Incident, v.fact as FactVersion),
} satisfies Record<string, (core: Core, inv: Invocation, values: Values) => void | Promise<void>>;

export type PreconditionName = keyof typeof RULES | { name: keyof typeof RULES; when: (values: Values) => boolean };

export async function checkPreconditions(core: Core, inv: Invocation, names: readonly PreconditionName[], values: Values): Promise<void> {
  for (const p of names) {
    if (typeof p === 'object' && !p.when(values)) continue;
    await RULES[typeof p === 'object' ? p.name : p](core, inv, values);
  }
}
