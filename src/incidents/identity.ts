import type { Platform } from '../../adapters/port.ts';
import { t } from '../i18n/index.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import { roleName } from './messaging.ts';
import type { PersonRef } from '../store/records.ts';
import { LEAD_ROLE, platformId } from './roster.ts';

/** Who a terminal user is: the roster entry whose `shell` handle (or id) they go by, or just the handle. */
export type ShellIdentity = PersonRef & { roles: string[]; inRoster: boolean };

/**
 * Resolves a terminal name (CRISIS_USER, `/crisis as NAME`, the OS login) against the roster: its
 * `shell` handle, its id, or (ignoring case) its display name. A name the roster does not know is
 * still a person — they can raise and report — but holds no role.
 */
export function shellIdentity(pb: Playbook, name: string): ShellIdentity {
  const lower = name.toLowerCase();
  const p =
    pb.roster.find((x) => platformId(x, 'shell') === name) ??
    pb.roster.find((x) => x.id === name) ??
    pb.roster.find((x) => x.name.toLowerCase() === lower);
  if (!p) return { id: name, name, roles: [], inRoster: false };
  return { id: platformId(p, 'shell')!, name: p.name, roles: p.roles, inRoster: true };
}

/**
 * The roster names nobody real as crisis lead on the terminal (it is empty, or the shipped
 * placeholders): then whoever raises there leads it, or nobody could acknowledge, re-level or
 * close an incident on a fresh install.
 */
export function reporterLeadsOnShell(pb: Playbook): boolean {
  return !pb.roster.some((p) => !p.placeholder && p.roles.includes(LEAD_ROLE) && platformId(p, 'shell'));
}

/** The lead an incident gets when raised: the roster's first crisis lead on the platform, or on a terminal without a real one, its reporter. */
export function leadAtRaise(pb: Playbook, platform: Platform, reporter: PersonRef): PersonRef | undefined {
  if (platform === 'shell' && reporterLeadsOnShell(pb)) return { id: reporter.id, name: reporter.name };
  const p = pb.roster.find((x) => x.roles.includes(LEAD_ROLE) && platformId(x, platform));
  return p ? { id: platformId(p, platform)!, name: p.name } : undefined;
}

/** The incident's lead is its reporter because the roster has no real lead (the summary says so). */
export const leadByDefault = (pb: Playbook, i: { platform: string; reporter: { id: string }; lead?: { id: string } | null }): boolean =>
  i.platform === 'shell' && i.lead?.id === i.reporter.id && reporterLeadsOnShell(pb);

/** Where a terminal user's name came from, said with who they are. */
export type IdentitySource = 'env' | 'login' | 'as';

/** "You are …; your roster roles: …" — said at the terminal's start and after `/crisis as`. */
export function introduction(pb: Playbook, locale: Locale, who: ShellIdentity, source: IdentitySource): string[] {
  const from = t(locale, `terminal.source.${source}`);
  const lines = [
    who.inRoster
      ? t(locale, 'terminal.youAre', { name: who.name, id: who.id, source: from, roles: who.roles.map((r) => roleName(pb, r, locale)).join(', ') })
      : t(locale, 'terminal.youAreUnknown', { id: who.id, source: from }),
  ];
  if (reporterLeadsOnShell(pb)) lines.push(t(locale, 'terminal.reporterLeads'));
  return lines;
}
