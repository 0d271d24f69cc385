import type { Core } from '../core.ts';
import { decide, drillFilter, nextAlert, NOTIFY_LEAD, rungPeople, type Alert, type Verdict } from '../domain/escalation.ts';
import { membersWithRole, participants, personRef } from '../incidents/roster.ts';
import { enqueueAll, enqueueMissing, type Batch, type DeadlineNotice, type Effect } from '../outbox/enqueue.ts';
import { deleteAlerts, doneMark, postponeAlert, scheduleAlerts, sentClaim, type Due } from '../store/alerts.ts';
import { observe } from '../metrics/observe.ts';
import { claimAll, firstLease, isClaimed, leaseState, stillHeld, takeLease, type Lease } from '../store/claims.ts';
import { findIncident, type Incident } from '../store/incidents.ts';
import type { Step } from '../store/records.ts';
import { findStep } from '../store/steps.ts';
import { appendEvent, readTimeline } from '../store/timeline.ts';
import { policyOf, type Policy } from './schedule.ts';
import { readsStep, stateOf, watchOf } from './alert-kinds.ts';

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
 *
 * Round trips, as FerretDB serialises them: each alert's step is read side by side with its
 * incident; per alert only the claim (one insert while nobody claimed it), the lease check and
 * the timeline append run one after another (the append must follow the claim); the outbox
 * entries, the next rungs and the done marks of the alerts sent go in one write each, in that
 * order, for up to FINISH_EVERY alerts at a time. Each of those is what a takeover redoes, so
 * a crash between them is finished as before.
 */
export async function handleAlerts(core: Core, dues: readonly Due[], opts: HandleOptions = {}): Promise<Outcome[]> {
  const now = core.now();
  const outcomes: Outcome[] = new Array(dues.length);
  const sent: Sent[] = [];
  // One incident's alerts one after another (they append to one timeline, whose writers would
  // otherwise collide and retry), incidents side by side: a few at a time, as MongoDB serves them
  // in parallel and FerretDB (SQLite) serialises writes anyway.
  const byIncident = new Map<string, number[]>();
  dues.forEach((d, i) => byIncident.set(d.alert.incidentKey, [...(byIncident.get(d.alert.incidentKey) ?? []), i]));
  await mapLimit([...byIncident.values()], opts.concurrency ?? 4, async (indexes) => {
    const key = dues[indexes[0]!]!.alert.incidentKey;
    const [incident, steps] = await Promise.all([
      findIncident(core.db, key).catch((err: unknown) => {
        core.log.error({ err, incident: key }, 'reading an incident for its deadline alerts failed; another sweep will finish them');
        return undefined;
      }),
      Promise.all(indexes.map((i) => readStep(core, dues[i]!).catch((err: unknown) => ({ err })))),
    ]);
    if (incident === undefined) {
      for (const i of indexes) outcomes[i] = 'failed';
      return;
    }
    for (const [j, i] of indexes.entries()) {
      try {
        const seen = steps[j]!;
        if (seen && 'err' in seen) throw seen.err;
        const r = await handle(core, dues[i]!, now, incident, seen, opts);
        outcomes[i] = r.outcome;
        if (r.outcome === 'sent' || r.outcome === 'late') sent.push({ i, next: r.next, queue: r.queue });
      } catch (err) {
        core.log.error({ err, alert: dues[i]!.alert._id }, 'deadline alert failed; another sweep will finish it');
        outcomes[i] = 'failed';
      }
    }
    if (sent.length >= FINISH_EVERY) await finish(core, dues, sent.splice(0), outcomes);
  });
  await finish(core, dues, sent.splice(0), outcomes);
  await deleteAlerts(core.db, dues.filter((_, i) => HANDLED.has(outcomes[i]!)));
  return outcomes;
}

/**
 * Alerts sent whose last writes wait for more: enough to share the round trips, few enough that
 * each is marked done well within its lease (a replica takes over what stays unmarked longer, and
 * a crash leaves only these to take over).
 */
const FINISH_EVERY = 25;

/** An alert sent, with what is left to write for it: its outbox batch (unless a takeover queued it already) and its next rung. */
type Sent = { i: number; next?: Alert; queue?: Queued };
type Queued = { lease: Lease; batch: Batch };

/**
 * The last writes of the alerts sent, each one round trip for all of them: the outbox entries
 * (each alert's lease checked just before, side by side), the next rungs, then the done marks.
 * Until its mark, a crash leaves an alert to a takeover, which queues what is missing, schedules
 * the next rung again (a duplicate, ignored) and writes the mark.
 */
async function finish(core: Core, dues: readonly Due[], sent: Sent[], outcomes: Outcome[]): Promise<void> {
  const failAll = (list: readonly Sent[], err: unknown, what: string) => {
    core.log.error({ err, alerts: list.map((s) => dues[s.i]!.alert._id) }, `${what} failed; a takeover will finish them`);
    for (const s of list) outcomes[s.i] = 'failed';
  };
  const queued = sent.filter((s) => s.queue);
  let live = sent;
  try {
    // A holder that stalled past its lease and woke leaves the alert to whoever took it over.
    const held = await Promise.all(queued.map((s) => stillHeld(core.db, s.queue!.lease)));
    const lost = new Set(queued.filter((_, k) => !held[k]));
    for (const s of lost) outcomes[s.i] = 'busy';
    live = sent.filter((s) => !lost.has(s));
    await enqueueAll(core, live.flatMap((s) => (s.queue ? [s.queue.batch] : [])));
  } catch (err) {
    return failAll(live, err, 'queueing the deadline messages');
  }
  try {
    await scheduleAlerts(core.db, live.flatMap((s) => (s.next ? [s.next] : [])), core.now);
  } catch (err) {
    return failAll(live, err, 'scheduling the next rungs');
  }
  try {
    await claimAll(core.db, live.map((s) => doneMark(dues[s.i]!.alert._id)));
  } catch (err) {
    return failAll(live, err, 'marking sent alerts done');
  }
  for (const s of live) observe(core).alertSent(dues[s.i]!.alert, core.now());
}

/** What an alert's handling reads before it writes anything, side by side with its incident's read. */
const readStep = (core: Core, { alert }: Due): Promise<Step | null> => (readsStep(alert) ? findStep(core.db, alert.incidentKey, alert.n!) : Promise.resolve(null));

type Handled = { outcome: Outcome; next?: Alert; queue?: Queued };

async function handle(core: Core, due: Due, now: Date, incident: Incident | null, seen: Step | null, opts: HandleOptions): Promise<Handled> {
  const { db } = core;
  const { alert } = due;
  const step = incident ? seen : null;
  const policy = incident ? policyOf(core.playbook, incident.level) : undefined;
  const verdict = decide(alert, await stateOf(core, alert, incident, step), now, policy?.cadence ?? 1);
  switch (verdict.action) {
    case 'drop':
      return { outcome: 'dropped' };
    case 'wait':
      await postponeAlert(db, due, verdict.until, core.now);
      return { outcome: 'postponed' };
    case 'replace':
      await scheduleAlerts(db, [verdict.next], core.now);
      return { outcome: 'dropped' };
    case 'send': {
      const lease = await sendLease(core, alert, opts);
      return lease === 'busy' || lease === 'done' ? { outcome: lease === 'busy' ? 'busy' : 'dropped' } : send(core, alert, incident!, step, policy!, verdict, lease, opts);
    }
  }
}

/**
 * The `sent:` lease, first by one insert (an alert nobody claimed yet, the usual case). Claimed
 * before: another process holds it (busy), or it was claimed longer ago than the lease and
 * either finished (marked done; only its delete is left, which this pass can do as well) or its
 * sender died part-way: then it is taken over. (A drop, a move or a replacement needs no lease:
 * a takeover of the same alert would judge it the same way, and the holder's own send goes on.)
 */
async function sendLease(core: Core, alert: Alert, opts: HandleOptions): Promise<Lease | 'busy' | 'done'> {
  const { db } = core;
  const fresh = await firstLease(db, sentClaim(alert._id));
  if (fresh) return fresh;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const claimed = await leaseState(db, sentClaim(alert._id), leaseMs);
  if (claimed === 'held') return 'busy';
  if (claimed === 'stale' && (await isClaimed(db, doneMark(alert._id)))) return 'done';
  return (await takeLease(db, sentClaim(alert._id), leaseMs)) || 'busy';
}

async function send(
  core: Core,
  alert: Alert,
  incident: Incident,
  step: Step | null,
  policy: Policy,
  verdict: Extract<Verdict, { action: 'send' }>,
  lease: Lease,
  opts: HandleOptions,
): Promise<Handled> {
  const { db, playbook } = core;
  await opts.onClaimed?.(alert._id);
  const recovering = lease.takeover;
  const at = core.now();

  const watch = watchOf(core, alert, incident, step, policy);
  if (!watch) return { outcome: 'dropped' };
  const { owners, dueAt } = watch;
  const notify = watch.leadOnly ? NOTIFY_LEAD : watch.policy.ladder[alert.rung]!.notify;
  const lead = incident.lead ? { id: incident.lead.id, name: incident.lead.name } : undefined;
  const people = rungPeople(notify, { owners, lead, withRole: (role) => membersWithRole(playbook, role, incident.platform).map(personRef) });
  const { alerted, skipped } = drillFilter(people, incident.drill, participants(playbook, incident));

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
        ...(alert.role !== undefined ? { role: alert.role } : {}),
        ...(alert.fn !== undefined ? { fn: alert.fn } : {}),
        ...watch.data,
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
  if (alert.role !== undefined) notice.role = alert.role;
  Object.assign(notice, watch.notice);
  if (verdict.late) notice.late = verdict.lateMs;
  const effects: Effect[] = [...alerted.map((to) => ({ kind: 'dm' as const, to, ...notice })), { kind: 'room-notice', notified: alerted, skipped, ...notice }, ...(watch.effects ?? [])];
  const outcome = verdict.late ? 'late' : 'sent';
  const next = nextAlert(alert, watch.policy, at);
  // The first holder's entries go with the other alerts' in finish(); a takeover first looks
  // which ones the holder that died queued (and the dispatcher began), here.
  if (!recovering) return { outcome, next, queue: { lease, batch: { incident, effects, discriminator: tag } } };
  if (!(await stillHeld(db, lease))) return { outcome: 'busy' };
  await enqueueMissing(core, incident, effects, tag);
  return { outcome, next };
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
