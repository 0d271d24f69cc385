import type { Core } from '../core.ts';
import { decide, drillFilter, nextAlert, NOTIFY_LEAD, rungPeople, type Alert, type Person, type Verdict } from '../domain/escalation.ts';
import { membersWithRole, participants, personRef } from '../incidents/roster.ts';
import { enqueue, enqueueMissing, type DeadlineNotice, type Effect } from '../outbox/enqueue.ts';
import { deleteAlerts, doneMark, dropEmptyBuckets, dueAlerts, postponeAlert, scheduleAlerts, sentClaim, type Due } from '../store/alerts.ts';
import { claim, isClaimed, leaseState, takeLease } from '../store/claims.ts';
import { findIncident, type Incident } from '../store/incidents.ts';
import type { Step } from '../store/records.ts';
import { findStep } from '../store/steps.ts';
import { appendEvent, readTimeline } from '../store/timeline.ts';
import { policyOf, type Policy } from './schedule.ts';
import { observe } from '../metrics/observe.ts';

export type SweepOptions = {
  /** Due alerts taken per query; the sweep queries again until none is left. */
  batch?: number;
  /** Alerts handled at once by this process. */
  concurrency?: number;
  /** How long a claimed alert may stay unfinished before another process finishes it. */
  leaseMs?: number;
  /** Runs right after this process claims an alert, before it writes anything for it. */
  onClaimed?: (alertId: string) => void | Promise<void>;
};

export type SweepResult = { sent: number; late: number; dropped: number; postponed: number; busy: number; failed: number };

export const DEFAULT_LEASE_MS = 30_000;

type Outcome = 'sent' | 'late' | 'dropped' | 'postponed' | 'busy' | 'failed';
const HANDLED = new Set<Outcome>(['sent', 'late', 'dropped']);

/**
 * One deadline sweep: every pending alert that is due is handled once across all processes.
 * Each is judged against the current state (done, snoozed, acknowledged, resolved → dropped or
 * moved), and the one process that claims `sent:<alert id>` records it in the timeline, queues
 * its DMs and room notice in the outbox and schedules the next rung; handled alerts are deleted.
 * A process that dies after claiming leaves the alert pending; once the lease runs out, another
 * process takes it over and finishes only what is missing. Alerts are read from the per-minute
 * buckets that are due (src/store/alerts.ts); old buckets left empty are dropped at the end.
 */
export async function sweep(core: Core, opts: SweepOptions = {}): Promise<SweepResult> {
  // Large batches: each pass lists the buckets and scans the due ones on FerretDB.
  const batch = opts.batch ?? 500;
  // A few at a time: MongoDB serves them in parallel; FerretDB (SQLite) serialises writes anyway.
  const concurrency = opts.concurrency ?? 4;
  const result: SweepResult = { sent: 0, late: 0, dropped: 0, postponed: 0, busy: 0, failed: 0 };
  // Alerts another process holds (or that failed here) are left to it and to the next sweep.
  const skip = new Set<string>();
  for (;;) {
    const now = core.now();
    const listed = await dueAlerts(core.db, now, batch + skip.size);
    const due = listed.due.filter((d) => !skip.has(d.alert._id));
    if (due.length === 0) {
      // Buckets whose minute ended long ago and that are empty now go; failing that is harmless.
      await dropEmptyBuckets(core.db, now, listed.buckets).catch((err: unknown) => core.log.warn({ err }, 'dropping empty alert buckets failed'));
      return result;
    }
    // Oldest first, so no alert waits longer than a sweep interval plus this pass; replicas take
    // alerts due at the same moment in different orders, to contend less.
    const tie = new Map(due.map((d) => [d.alert._id, Math.random()]));
    due.sort((a, b) => a.alert.dueAt.getTime() - b.alert.dueAt.getTime() || tie.get(a.alert._id)! - tie.get(b.alert._id)!);
    const incidents = new Map<string, Promise<Incident | null>>();
    const outcomes = await mapLimit(due, concurrency, async (d) => {
      try {
        return await handle(core, d, now, incidents, opts);
      } catch (err) {
        core.log.error({ err, alert: d.alert._id }, 'deadline alert failed; another sweep will finish it');
        return 'failed' as const;
      }
    });
    outcomes.forEach((o, i) => {
      if (o === 'late') result.sent++;
      result[o]++;
      if (o === 'busy' || o === 'failed') skip.add(due[i]!.alert._id);
    });
    // Handled alerts leave their buckets together: one delete per bucket per pass, not one round
    // trip per alert. Until then a replica meeting one sees its fresh claim and skips it; a crash
    // in between is finished by a takeover.
    await deleteAlerts(core.db, due.filter((_, i) => HANDLED.has(outcomes[i]!)));
  }
}

async function handle(core: Core, due: Due, now: Date, incidents: Map<string, Promise<Incident | null>>, opts: SweepOptions): Promise<Outcome> {
  const { db } = core;
  const { alert } = due;
  // Replicas meet the same due alerts: one another holds is skipped before any state is read. One
  // claimed longer ago than the lease was either finished (marked done; only its delete is left,
  // which this pass can do as well) or its sender died part-way: then it is taken over below.
  const claimed = await leaseState(db, sentClaim(alert._id), opts.leaseMs ?? DEFAULT_LEASE_MS);
  if (claimed === 'held') return 'busy';
  if (claimed === 'stale' && (await isClaimed(db, doneMark(alert._id)))) return 'dropped';
  if (!incidents.has(alert.incidentKey)) incidents.set(alert.incidentKey, findIncident(db, alert.incidentKey));
  const incident = await incidents.get(alert.incidentKey)!;
  const step = alert.kind === 'step' && incident ? await findStep(db, incident.key, alert.n!) : null;
  const policy = incident ? policyOf(core.playbook, incident.level) : undefined;
  const verdict = decide(alert, { incident, step }, now, policy?.cadence ?? 1);
  switch (verdict.action) {
    case 'drop':
      return 'dropped';
    case 'wait':
      await postponeAlert(db, due, verdict.until, core.now);
      return 'postponed';
    case 'replace':
      await scheduleAlerts(db, [verdict.next], core.now);
      return 'dropped';
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
  opts: SweepOptions,
): Promise<Outcome> {
  const { db, playbook } = core;
  const lease = await takeLease(db, sentClaim(alert._id), opts.leaseMs ?? DEFAULT_LEASE_MS);
  if (!lease) return 'busy';
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
  await (recovering ? enqueueMissing : enqueue)(core, incident, effects, tag);

  const next = nextAlert(alert, policy, at);
  if (next) await scheduleAlerts(db, [next], core.now);
  await claim(db, doneMark(alert._id));
  observe(core).alertSent(alert, at);
  return verdict.late ? 'late' : 'sent';
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
