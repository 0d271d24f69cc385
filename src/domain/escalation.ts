import type { IncidentStatus } from './lifecycle.ts';
import { isPublic, type Audience } from './statements.ts';

/**
 * Deadlines that bite: which alert falls due when, what to do with it when it does, and who
 * hears about it. Pure — the scheduler (src/scheduler) feeds it the stored state and a time.
 */

/** `owners` = whoever owns the watched item, `lead` = the incident's lead, anything else = a role id. */
export const NOTIFY_OWNERS = 'owners';
export const NOTIFY_LEAD = 'lead';

export type Rung = { after: number; notify: string };
export type Ladder = readonly Rung[];

/** What an alert watches: a checklist step, the lead's acknowledgement, the status-update cadence, the next public statement, a plan role nobody holds, a business function's recovery-time objective, an improvement action, people missing on site, or the summary report due after review began. */
export type AlertKind = 'step' | 'ack' | 'update' | 'statement' | 'role' | 'rto' | 'action' | 'site' | 'report';

export type Alert = {
  _id: string;
  kind: AlertKind;
  incidentKey: string;
  /** Step number (step alerts). */
  n?: number;
  /** The plan role watched (role alerts). */
  role?: string;
  /** The business function whose recovery-time objective it watches (rto alerts; src/domain/continuity.ts). */
  fn?: string;
  /** The step version the ladder was started for: any tick bumps it, so a stale ladder is seen at once. */
  version?: number;
  /** Update alerts: how many updates had been posted when the window opened; statement alerts: how many public statements; action alerts: the action's number (A3 → 3); report alerts: when review began (ms). */
  cycle?: number;
  /** Rung of the ladder (step, ack) or how many nudges this window has had (update). */
  rung: number;
  /** Where the ladder counts from: the deadline, or the reopen time of a reopened step. */
  base: Date;
  dueAt: Date;
};

/** An alert handled more than this after it fell due was missed (no process ran): say so. */
export const LATE_AFTER_MS = 60_000;
export const SNOOZE_MS = 15 * 60_000;

export function alertId(a: Pick<Alert, 'kind' | 'incidentKey' | 'n' | 'fn' | 'version' | 'cycle' | 'rung' | 'role'>): string {
  switch (a.kind) {
    case 'step':
      return `alert:${a.incidentKey}:step:${a.n}:v${a.version}:r${a.rung}`;
    case 'ack':
      return `alert:${a.incidentKey}:ack:r${a.rung}`;
    case 'update':
      return `alert:${a.incidentKey}:update:u${a.cycle}:r${a.rung}`;
    case 'statement':
      return `alert:${a.incidentKey}:statement:s${a.cycle}:r${a.rung}`;
    case 'role':
      return `alert:${a.incidentKey}:role:${a.role}:r${a.rung}`;
    case 'rto':
      return `alert:${a.incidentKey}:rto:${a.fn}:o${a.cycle}:r${a.rung}`;
    case 'action':
      return `alert:${a.incidentKey}:action:a${a.cycle}:v${a.version}:r${a.rung}`;
    case 'site':
      return `alert:${a.incidentKey}:site:e${a.cycle}:r${a.rung}`;
    case 'report':
      return `alert:${a.incidentKey}:report:e${a.cycle}:r${a.rung}`;
  }
}

const make = (a: Omit<Alert, '_id'>): Alert => ({ ...a, _id: alertId(a) });
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

/**
 * The first alert of a step's ladder. A step reopened after its deadline starts its ladder at the
 * reopen time: everyone on the ladder hearing about it in the same second helps no one.
 */
export function firstStepAlert(incidentKey: string, step: { n: number; version: number; dueAt: Date }, ladder: Ladder, startedAt?: Date): Alert {
  const base = startedAt && startedAt > step.dueAt ? startedAt : step.dueAt;
  return make({ kind: 'step', incidentKey, n: step.n, version: step.version, rung: 0, base, dueAt: plus(base, ladder[0]!.after) });
}

export function firstAckAlert(incidentKey: string, ackDueAt: Date, ladder: Ladder): Alert {
  return make({ kind: 'ack', incidentKey, rung: 0, base: ackDueAt, dueAt: plus(ackDueAt, ladder[0]!.after) });
}

/**
 * The ladder watching the next public statement: the first (`cycle` 0) falls due at the level's
 * first_statement after the raise, each later one statement_every after the latest publication.
 * Any public publication since the window opened makes it stale (lazy, like the others).
 */
export function firstStatementAlert(incidentKey: string, cycle: number, deadline: Date, ladder: Ladder): Alert {
  return make({ kind: 'statement', incidentKey, cycle, rung: 0, base: deadline, dueAt: plus(deadline, ladder[0]!.after) });
}

/**
 * The ladder watching a plan role nobody holds: it falls due when the acknowledgement does (by
 * then the war room should be staffed) and stops as soon as someone holds the role (issue 15).
 */
export function firstRoleAlert(incidentKey: string, role: string, deadline: Date, ladder: Ladder): Alert {
  return make({ kind: 'role', incidentKey, role, rung: 0, base: deadline, dueAt: plus(deadline, ladder[0]!.after) });
}

/**
 * The ladder watching an improvement action (src/actions), from its due time. Unlike every other
 * kind it outlives the incident's close: improvements are done after the crisis. Done (a new
 * version) makes it stale.
 */
export function firstActionAlert(incidentKey: string, action: { n: number; version: number; due: Date }, ladder: Ladder): Alert {
  return make({ kind: 'action', incidentKey, cycle: action.n, version: action.version, rung: 0, base: action.due, dueAt: plus(action.due, ladder[0]!.after) });
}

/**
 * The ladder watching the summary report (issue 17): due `dueAfter` after the incident entered
 * review at `enteredAt`, which is also its `cycle` — a later entry (a reopen) starts a new ladder
 * and makes this one stale. `n` is the plan's report step, whose owners hear first.
 */
export function firstReportAlert(incidentKey: string, enteredAt: Date, dueAfter: number, ladder: Ladder, n?: number): Alert {
  const base = plus(enteredAt, dueAfter);
  return make({ kind: 'report', incidentKey, cycle: enteredAt.getTime(), ...(n !== undefined ? { n } : {}), rung: 0, base, dueAt: plus(base, ladder[0]!.after) });
}

/** How many public statements an incident has published: a statement alert of an older count is stale. */
export const publicStatementCount = (statements: readonly { audience: Audience; published?: unknown }[] | undefined) =>
  (statements ?? []).filter((s) => s.published && isPublic(s.audience)).length;

/** The nudge for the window that opened at `since` (the raise, or the latest update). */
export function firstUpdateAlert(incidentKey: string, cycle: number, since: Date, cadence: number): Alert {
  return make({ kind: 'update', incidentKey, cycle, rung: 0, base: since, dueAt: plus(since, cadence) });
}

/**
 * The alert after one that was just sent. Ladder rungs keep their own times even when the
 * previous rung went out late (each person hears once, each marked late, after downtime); a
 * cadence nudge that was missed several times is sent once and the next lands in the future.
 */
export function nextAlert(sent: Alert, policy: { ladder: Ladder; cadence: number }, now: Date): Alert | undefined {
  // People missing on site (src/site/alerts.ts): rung r at base + r × cadence, missed ones collapsed into one.
  if (sent.kind === 'site') {
    const rung = Math.max(sent.rung + 1, Math.floor((now.getTime() - sent.base.getTime()) / policy.cadence) + 1);
    return make({ ...sent, rung, dueAt: plus(sent.base, rung * policy.cadence) });
  }
  if (sent.kind === 'update') {
    const windows = Math.max(sent.rung + 2, Math.floor((now.getTime() - sent.base.getTime()) / policy.cadence) + 1);
    return make({ ...sent, rung: windows - 1, dueAt: plus(sent.base, windows * policy.cadence) });
  }
  const rung = policy.ladder[sent.rung + 1];
  if (!rung) return undefined;
  return make({ ...sent, rung: sent.rung + 1, dueAt: plus(sent.base, rung.after) });
}

/** Incidents past their resolution (review, closed) raise no more alerts… */
export const isWatched = (status: IncidentStatus) => status !== 'review' && status !== 'closed';

/**
 * …except the review phase's own steps (the report, the plan revision): they are the work of that
 * phase, so their ladders run until they are done or the incident closes (issue 19).
 */
export const isReviewWork = (status: IncidentStatus, alert: Pick<Alert, 'kind'>, step: { phase?: string } | null | undefined) =>
  status === 'review' && alert.kind === 'step' && step?.phase === 'review';

export type WatchedState = {
  incident?: {
    status: IncidentStatus;
    raisedAt: Date;
    ackedAt?: Date;
    updateCount?: number;
    lastUpdateAt?: Date;
    snoozes?: { n: number; until: Date }[];
    statements?: { audience: Audience; published?: unknown }[];
    continuity?: { id: string; state: string; outage: number }[];
    actions?: { n: number; status: 'open' | 'done'; version: number }[];
    site?: { episode: number; evac: { expected: number; accounted: number }[] };
    reviewAt?: Date;
  } | null;
  step?: { status: 'open' | 'done'; version: number; phase?: string } | null;
  /** Role alerts: whether someone holds the role now. */
  roleFilled?: boolean;
  /** Report alerts: whether the report is final (or its step ticked). */
  reportDone?: boolean;
};

export type Verdict =
  | { action: 'drop'; reason: 'gone' | 'resolved' | 'done' | 'acknowledged' }
  | { action: 'wait'; until: Date }
  | { action: 'replace'; next: Alert }
  | { action: 'send'; lateMs: number; late: boolean };

export const snoozedUntil = (snoozes: { n: number; until: Date }[] | undefined, n: number) =>
  (snoozes ?? []).filter((s) => s.n === n).reduce<Date | undefined>((m, s) => (!m || s.until > m ? s.until : m), undefined);

/**
 * What to do with a due alert, judged at send time from the current state. Ticks, snoozes,
 * acknowledgements and updates write nothing to the alerts: a pending alert they made obsolete
 * is dropped (or moved) here, when it falls due.
 */
export function decide(alert: Alert, state: WatchedState, now: Date, cadence: number): Verdict {
  const incident = state.incident;
  if (!incident) return { action: 'drop', reason: 'gone' };
  // Checked before the status: an improvement action is followed up after the incident closed.
  if (alert.kind === 'action') {
    const a = incident.actions?.find((x) => x.n === alert.cycle);
    if (!a) return { action: 'drop', reason: 'gone' };
    if (a.status === 'done' || a.version !== alert.version) return { action: 'drop', reason: 'done' };
    const lateMs = Math.max(0, now.getTime() - alert.dueAt.getTime());
    return { action: 'send', lateMs, late: lateMs > LATE_AFTER_MS };
  }
  // The report is review's own work: it is watched in review only, and only for the latest entry into it.
  if (alert.kind === 'report') {
    if (incident.status !== 'review') return { action: 'drop', reason: 'resolved' };
    if (state.reportDone || incident.reviewAt?.getTime() !== alert.cycle) return { action: 'drop', reason: 'done' };
    const lateMs = Math.max(0, now.getTime() - alert.dueAt.getTime());
    return { action: 'send', lateMs, late: lateMs > LATE_AFTER_MS };
  }
  if (!isWatched(incident.status) && !isReviewWork(incident.status, alert, state.step)) return { action: 'drop', reason: 'resolved' };
  if (alert.kind === 'step') {
    const step = state.step;
    if (!step) return { action: 'drop', reason: 'gone' };
    if (step.status === 'done' || step.version !== alert.version) return { action: 'drop', reason: 'done' };
    const until = snoozedUntil(incident.snoozes, alert.n!);
    if (until && until > now) return { action: 'wait', until };
  }
  if (alert.kind === 'ack' && incident.ackedAt) return { action: 'drop', reason: 'acknowledged' };
  if (alert.kind === 'role' && state.roleFilled) return { action: 'drop', reason: 'done' };
  if (alert.kind === 'statement' && publicStatementCount(incident.statements) !== alert.cycle) return { action: 'drop', reason: 'done' };
  // Restoring the function (or a later outage of it, with its own ladder) ends this outage's RTO ladder.
  if (alert.kind === 'rto' && !incident.continuity?.some((s) => s.id === alert.fn && s.state !== 'restored' && s.outage === alert.cycle)) return { action: 'drop', reason: 'done' };
  // Everyone accounted for (or a later shortfall, with its own cadence) ends this one's alerts.
  if (alert.kind === 'site' && !(missingNow(incident.site) > 0 && incident.site?.episode === alert.cycle)) return { action: 'drop', reason: 'done' };
  if (alert.kind === 'update' && (incident.updateCount ?? 0) !== alert.cycle) {
    const since = incident.lastUpdateAt ?? incident.raisedAt;
    return { action: 'replace', next: firstUpdateAlert(alert.incidentKey, incident.updateCount ?? 0, since, cadence) };
  }
  const lateMs = Math.max(0, now.getTime() - alert.dueAt.getTime());
  return { action: 'send', lateMs, late: lateMs > LATE_AFTER_MS };
}

const missingNow = (site: { evac: { expected: number; accounted: number }[] } | undefined) => {
  const e = site?.evac[site.evac.length - 1];
  return e ? e.expected - e.accounted : 0;
};

export type Person = { id: string; name: string };

/** The people a rung names; `owners` of an acknowledgement or an update nudge is the lead. */
export function rungPeople(notify: string, who: { owners: readonly Person[]; lead?: Person; withRole: (role: string) => readonly Person[] }): Person[] {
  const list = notify === NOTIFY_OWNERS ? who.owners : notify === NOTIFY_LEAD ? (who.lead ? [who.lead] : []) : who.withRole(notify);
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.id) && seen.add(p.id));
}

/**
 * A drill alerts only the people taking part in it (the reporter and the war room's members);
 * everyone else a rung names — typically the executive — is listed as skipped, not paged.
 */
export function drillFilter(people: readonly Person[], drill: boolean, participants: ReadonlySet<string>): { alerted: Person[]; skipped: Person[] } {
  if (!drill) return { alerted: [...people], skipped: [] };
  return { alerted: people.filter((p) => participants.has(p.id)), skipped: people.filter((p) => !participants.has(p.id)) };
}

export type PlannedAlert = { at: number; kind: AlertKind; n?: number; rung: number; notify: string };

/**
 * Every alert an untouched incident would raise, as offsets from the raise (ms): the simulation a
 * playbook author runs before anyone relies on the playbook. Update nudges stop at `horizon`.
 */
export function plannedAlerts(input: { ackAfter: number; cadence: number; ladder: Ladder; steps: { n: number; dueAfter: number }[]; statementAfter?: number }, horizon: number): PlannedAlert[] {
  const out: PlannedAlert[] = [];
  const ladder = (kind: AlertKind, base: number, n?: number) =>
    input.ladder.forEach((r, rung) => out.push({ at: base + r.after, kind, n, rung, notify: r.notify }));
  ladder('ack', input.ackAfter);
  if (input.statementAfter !== undefined) ladder('statement', input.statementAfter);
  for (const s of input.steps) ladder('step', s.dueAfter, s.n);
  for (let k = 1; k * input.cadence <= horizon; k++) out.push({ at: k * input.cadence, kind: 'update', rung: k - 1, notify: NOTIFY_LEAD });
  // Only these kinds are planned from a raise (the others start from what happens later).
  const order = (k: AlertKind) => ['ack', 'update', 'statement', 'step'].indexOf(k);
  return out.sort((a, b) => a.at - b.at || order(a.kind) - order(b.kind) || (a.n ?? 0) - (b.n ?? 0) || a.rung - b.rung);
}
