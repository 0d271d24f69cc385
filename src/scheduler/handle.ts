import type { Core } from '../core.ts';
import { decide, drillFilter, nextAlert, NOTIFY_LEAD, rungPeople, type Alert, type Person, type Verdict } from '../domain/escalation.ts';
import { membersWithRole, participants, personRef } from '../incidents/roster.ts';
import { enqueue, enqueueMissing, type DeadlineNotice, type Effect } from '../outbox/enqueue.ts';
import { deleteAlerts, doneMark, postponeAlert, scheduleAlerts, sentClaim, type Due } from '../store/alerts.ts';
import { observe } from '../metrics/observe.ts';
import { claim, isClaimed, leaseState, stillHeld, takeLease } from '../store/claims.ts';
import { findIncident, type Incident } from '../store/incidents.ts';
import type { Step } from '../store/records.ts';
import { findStep } from '../store/steps.ts';
import { appendEvent, readTimeline } from '../store/timeline.ts';
import { policyOf, type Policy } from './schedule.ts';

export type HandleOptions = {
  /** Alerts handled at once by this process. */
  concurrency?: number;
  /** How long a claimed alert may stay unfinished before another process finishes it. */
  leaseMs?: number;
  /** Runs right after this process claims an alert, before it writes anything for it. */
  onClaimed?: (alertId: string) => void | Promise<void>;
};

export const DEFAULT_LEASE_MS = 30_000;

export type Outcome = 'sent' | 'late' | 'dropped' | 'postponed' | 'busy' | 'failed';
/** Outcomes after which the alert is finished with and its copies can go. */
export const HANDLED: ReadonlySet<Outcome> = new Set<Outcome>(['sent', 'late', 'dropped']);
/** Outcomes that leave the alert pending for another look: another process holds it, or this one failed. */
export const UNFINISHED: ReadonlySet<Outcome> = new Set<Outcome>(['busy', 'failed']);

/**
 * The claim-and-send path, the one way an alert is acted on — by the sweep and by a deadline
 * timer alike. Each alert is judged against the current state (done, snoozed, acknowledged,
 * resolved → dropped or moved), and the one process that claims `sent:<alert id>` records it in
 * the timeline, queues its DMs and room notice in the outbox, schedules the next rung and writes
 * `done:<alert id>`. A process that dies after claiming leaves the alert pending; once the lease
 * runs out, another process takes it over and finishes only what is missing. Handled alerts are
 * deleted together at the end, one round trip per slot: until then a replica meeting one sees
 * its fresh claim and skips it, and a crash in between is finished by a takeover.
 */
export async function handleAlerts(core: Core, dues: readonly Due[], opts: HandleOptions = {}): Promise<Outcome[]> {
  const now = core.now();
  const outcomes: Outcome[] = new Array(dues.length);
  // One incident's alerts one after another (they append to one timeline, whose writers would
  // otherwise collide and retry), incidents side by side: a few at a time, as MongoDB serves them
  // in parallel and FerretDB (SQLite) serialises writes anyway.
  const byIncident = new Map<string, number[]>();
  dues.forEach((d, i) => byIncident.set(d.alert.incidentKey, [...(byIncident.get(d.alert.incidentKey) ?? []), i]));
  await mapLimit([...byIncident.values()], opts.concurrency ?? 4, async (indexes) => {
    const incident = await findIncident(core.db, dues[indexes[0]!]!.alert.incidentKey).catch((err: unknown) => {
      core.log.error({ err, incident: dues[indexes[0]!]!.alert.incidentKey }, 'reading an incident for its deadline alerts failed; another sweep will finish them');
      for (const i of indexes) outcomes[i] = 'failed';
      return undefined;
    });
    if (incident === undefined) return;
    const sent: { i: number; next?: Alert }[] = [];
    for (const i of indexes) {
      try {
        const r = await handle(core, dues[i]!, now, incident, opts);
        outcomes[i] = r.outcome;
        if (r.outcome === 'sent' || r.outcome === 'late') sent.push({ i, next: r.next });
      } catch (err) {
        core.log.error({ err, alert: dues[i]!.alert._id }, 'deadline alert failed; another sweep will finish it');
        outcomes[i] = 'failed';
      }
    }
    await finish(core, dues, sent, outcomes);
  });
  await deleteAlerts(core.db, dues.filter((_, i) => HANDLED.has(outcomes[i]!)));
  return outcomes;
}

/**
 * The last two writes of each alert sent: its next rung (the incident's, in one insert per slot),
 * then its done mark. Until the mark, a crash leaves the alert to a takeover, which schedules
 * the next rung again (a duplicate, ignored) and writes the mark.
 */
async function finish(core: Core, dues: readonly Due[], sent: readonly { i: number; next?: Alert }[], outcomes: Outcome[]): Promise<void> {
  if (!sent.length) return;
  try {
    await scheduleAlerts(core.db, sent.flatMap((s) => (s.next ? [s.next] : [])), core.now);
  } catch (err) {
    core.log.error({ err, alerts: sent.map((s) => dues[s.i]!.alert._id) }, 'scheduling the next rungs failed; a takeover will finish them');
    for (const s of sent) outcomes[s.i] = 'failed';
    return;
  }
  for (const s of sent) {
    try {
      await claim(core.db, doneMark(dues[s.i]!.alert._id));
      observe(core).alertSent(dues[s.i]!.alert, core.now());
    } catch (err) {
      core.log.error({ err, alert: dues[s.i]!.alert._id }, 'marking a sent alert done failed; a takeover will finish it');
      outcomes[s.i] = 'failed';
    }
  }
}

type Handled = { outcome: Outcome; next?: Alert };

async function handle(core: Core, due: Due, now: Date, incident: Incident | null, opts: HandleOptions): Promise<Handled> {
  const { db } = core;
  const { alert } = due;
  // Replicas meet the same due alerts: one another holds is skipped before its step is read. One
  // claimed longer ago than the lease was either finished (marked done; only its delete is left,
  // which this pass can do as well) or its sender died part-way: then it is taken over below.
  const claimed = await leaseState(db, sentClaim(alert._id), opts.leaseMs ?? DEFAULT_LEASE_MS);
  if (claimed === 'held') return { outcome: 'busy' };
  if (claimed === 'stale' && (await isClaimed(db, doneMark(alert._id)))) return { outcome: 'dropped' };
  const step = alert.kind === 'step' && incident ? await findStep(db, incident.key, alert.n!) : null;
  const policy = incident ? policyOf(core.playbook, incident.level) : undefined;
  const verdict = decide(alert, { incident, step }, now, policy?.cadence ?? 1);
  switch (verdict.action) {
    case 'drop':
      return { outcome: 'dropped' };
    case 'wait':
      await postponeAlert(db, due, verdict.until, core.now);
      return { outcome: 'postponed' };
    case 'replace':
      await scheduleAlerts(db, [verdict.next], core.now);
      return { outcome: 'dropped' };
    case 'send':
      return send(core, alert, incident!, step, policy!, verdict, opts);
  }
}

async function send(
  core: Core,
  alert: Alert,
  incident: Incident,
  step: Step | null,
  policy: Policy,
  verdict: Extract<Verdict, { action: 'send' }>,
  opts: HandleOptions,
): Promise<Handled> {
  const { db, playbook } = core;
  const lease = await takeLease(db, sentClaim(alert._id), opts.leaseMs ?? DEFAULT_LEASE_MS);
  if (!lease) return { outcome: 'busy' };
  await opts.onClaimed?.(alert._id);
  const recovering = lease.takeover;
  const at = core.now();

  const notify = alert.kind === 'update' ? NOTIFY_LEAD : policy.ladder[alert.rung]!.notify;
  const lead = incident.lead ? { id: incident.lead.id, name: incident.lead.name } : undefined;
  const owners: Person[] = step ? step.owners.map(personRef) : lead ? [lead] : [];
  const people = rungPeople(notify, { owners, lead, withRole: (role) => membersWithRole(playbook, role, incident.platform).map(personRef) });
  const { alerted, skipped } = drillFilter(people, incident.drill, participants(playbook, incident));
  const dueAt = step ? step.dueAt : alert.kind === 'ack' ? alert.base : alert.dueAt;

  const tag = alert._id.slice(`alert:${incident.key}:`.length);
  // A holder that stalled past its lease and woke leaves the alert to whoever took it over.
  if (!(await stillHeld(db, lease))) return { outcome: 'busy' };
  if (!recovering || !(await hasAlertEvent(core, incident.key, alert._id))) {
    await appendEvent(db, incident.key, {
      at,
      type: 'deadline.alert',
      actor: 'crisis-bot',
      data: {
        alert: alert._id,
        kind: alert.kind,
        ...(alert.n !== undefined ? { n: alert.n } : {}),
        rung: alert.rung,
        notify,
        notified: alerted.map((p) => p.name),
        skipped: skipped.map((p) => p.name),
        dueAt: dueAt.toISOString(),
        lateMs: verdict.lateMs,
        late: verdict.late,
      },
    });
  }
  const notice: DeadlineNotice = { about: alert.kind, rung: alert.rung, dueAt: dueAt.getTime(), at: at.getTime(), notify };
  if (alert.n !== undefined) notice.n = alert.n;
  if (alert.kind === 'update') notice.since = alert.base.getTime();
  if (verdict.late) notice.late = verdict.lateMs;
  const effects: Effect[] = [...alerted.map((to) => ({ kind: 'dm' as const, to, ...notice })), { kind: 'room-notice', notified: alerted, skipped, ...notice }];
  if (!(await stillHeld(db, lease))) return { outcome: 'busy' };
  await (recovering ? enqueueMissing : enqueue)(core, incident, effects, tag);

  // The next rung and the done mark follow in finish(), with the incident's other alerts.
  return { outcome: verdict.late ? 'late' : 'sent', next: nextAlert(alert, policy, at) };
}

/** After a takeover: did the process that died record this alert already? (Rare; timelines are short.) */
async function hasAlertEvent(core: Core, key: string, alertId: string): Promise<boolean> {
  return (await readTimeline(core.db, key)).some((e) => e.type === 'deadline.alert' && e.data.alert === alertId);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
