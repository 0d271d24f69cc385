import { PlatformRefusal, type ChatPort } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { pendingCard } from '../incidents/messaging.ts';
import { warRoomMembers } from '../incidents/roster.ts';
import type { Locale } from '../playbook/text.ts';
import { claim, releaseClaim, takeLease } from '../store/claims.ts';
import { beginAttempt, deliveredEntry, failedEntry, pendingEntries, retryEntryAt } from '../store/outbox.ts';
import { findIncident, type Incident } from '../store/incidents.ts';
import type { OutboxEntry } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import type { PersonRef } from '../store/records.ts';
import type { Card, RoomLink } from '../ui/card.ts';
import { leadToldCard, refusedDmCard } from '../incidents/alert-cards.ts';
import { deliveryFor, NotReady, type Once } from './deliveries.ts';
import { drillPort } from './drill-port.ts';
import './features.ts';
import { tellOnce } from './tell-once.ts';
import { incidentOfEntry, type Effect } from './enqueue.ts';
import { observe } from '../metrics/observe.ts';
import { deliverWarning, isWarningEffect } from '../signals/messaging.ts';
import { deliverRiskEffect, isRiskEffect } from '../risks/reminders.ts';
import { deliverPlanReview, isPlanReview } from '../plans/evergreen.ts';
import { isDrillNotice } from '../drills/announce.ts';
import { deliverDrillNotice } from '../drills/notice.ts';

const LEASE_MS = 60_000;
const backoff = (attempts: number) => Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));

/**
 * Delivers recorded effects through a ChatPort: batch by batch and stage by stage within an
 * incident (a stage's effects concurrently), incidents in parallel, each attempt claimed once
 * across processes, retried with backoff until the platform answers. A refusal that retrying
 * cannot fix is recorded in the timeline.
 */
export class Dispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly core: Core,
    private readonly port: ChatPort,
  ) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.drain().catch((err) => this.core.log.error({ err }, 'outbox drain failed')), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Delivers everything that is due now; resolves when nothing due is left. */
  drain(): Promise<number> {
    // One drain at a time per process; a caller arriving meanwhile waits for it and re-checks.
    const next = (this.running ?? Promise.resolve(0)).then(() => this.drainAll());
    this.running = next.catch(() => 0);
    return next;
  }

  /**
   * Incidents are delivered independently: each incident's next group of entries goes out as soon
   * as its previous one settles, so one incident's slow or failing platform calls never hold up
   * another's. Resolves when nothing is in flight and nothing due is left.
   */
  private async drainAll(): Promise<number> {
    let total = 0;
    const inFlight = new Map<string, Promise<void>>();
    // An attempt that did not deliver (held elsewhere, backing off) is not tried again in this drain.
    const tried = new Set<string>();
    for (;;) {
      for (const [incidentKey, ready] of await this.readyGroups()) {
        const group = ready.filter((e) => !tried.has(`${e._id}:${e.attempts}`));
        if (inFlight.has(incidentKey) || group.length === 0) continue;
        const run = Promise.all(group.map((e) => this.attempt(e))).then((results) => {
          results.forEach((delivered, i) => {
            if (!delivered) tried.add(`${group[i]!._id}:${group[i]!.attempts}`);
          });
          total += results.filter(Boolean).length;
        }).catch((err: unknown) => {
          // The store failed mid-attempt: the attempt's lease expires and a later drain retries it.
          this.core.log.error({ err, incident: incidentKey }, 'outbox attempt failed');
          group.forEach((e) => tried.add(`${e._id}:${e.attempts}`));
        }).finally(() => inFlight.delete(incidentKey));
        inFlight.set(incidentKey, run);
      }
      if (inFlight.size === 0) return total;
      await Promise.race(inFlight.values());
    }
  }

  /** Per incident, the entries that may go out now: its earliest batch's lowest pending stage, if due. */
  private async readyGroups(): Promise<Map<string, OutboxEntry[]>> {
    const now = this.core.now().getTime();
    const pending = await pendingEntries(this.core.db, this.port.platform);
    const heads = new Map<string, OutboxEntry>();
    for (const e of pending) if (!heads.has(e.incidentKey)) heads.set(e.incidentKey, e);
    const groups = new Map<string, OutboxEntry[]>();
    for (const e of pending) {
      const head = heads.get(e.incidentKey)!;
      if (e.order !== head.order || e.stage !== head.stage) continue;
      if (e.nextAttemptAt.getTime() > now || (e.leaseUntil && e.leaseUntil.getTime() >= now)) continue;
      groups.set(e.incidentKey, [...(groups.get(e.incidentKey) ?? []), e]);
    }
    return groups;
  }

  /**
   * One delivery attempt of an entry. Attempt n is leased (`outbox:<id>:<n>`) before `attempts` is
   * bumped, guarded by n in its filter: a process that dies between the two leaves a lease that
   * expires, and the next one takes it over — the entry never stays stuck at its incident's head.
   */
  private async attempt(entry: OutboxEntry): Promise<boolean> {
    const { db } = this.core;
    const leaseMs = this.core.outboxLeaseMs ?? LEASE_MS;
    const lease = await takeLease(db, `outbox:${entry._id}:${entry.attempts}`, leaseMs);
    if (!lease) return false;
    const now = this.core.now();
    if (!(await beginAttempt(db, entry, new Date(now.getTime() + leaseMs)))) return false;
    try {
      // Warning cards (src/signals) belong to no incident: their entries are grouped by warning id.
      const effect = entry.effect as { kind: string };
      if (isWarningEffect(effect)) await deliverWarning(this.core, this.port, effect, { id: entry._id, retry: entry.attempts > 0 });
      else if (isRiskEffect(effect)) await deliverRiskEffect(this.core, this.port, effect, { id: entry._id, retry: entry.attempts > 0 });
      else if (isPlanReview(effect)) await deliverPlanReview(this.core, this.port, effect, { id: entry._id, retry: entry.attempts > 0 });
      // Drill announcements (src/drills) belong to no incident either: grouped by plan and drill time.
      else if (isDrillNotice(effect)) await deliverDrillNotice(this.core, this.port, effect, { id: entry._id, retry: entry.attempts > 0 });
      else {
        const incident = await findIncident(db, incidentOfEntry(entry.incidentKey));
        if (incident) await this.deliver(incident, entry.effect as Effect, { id: entry._id, retry: entry.attempts > 0 });
      }
      await deliveredEntry(db, entry._id);
      observe(this.core).delivered(entry);
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof PlatformRefusal) {
        await failedEntry(db, entry._id, message);
        await appendEvent(
          db,
          incidentOfEntry(entry.incidentKey),
          { type: 'delivery.failed', actor: 'crisis-bot', data: { effect: (entry.effect as Effect).kind, platform: this.port.platform, error: message, code: err.code } },
          { once: `delivery.failed:${entry._id}` },
        );
        this.core.log.warn({ incident: entry.incidentKey, effect: entry.effect, code: err.code }, 'platform refused an effect');
        observe(this.core).refused(this.port.platform, err.code, entry);
        return true;
      }
      if (!(err instanceof NotReady)) {
        this.core.log.warn({ incident: entry.incidentKey, err: message }, 'delivery failed; will retry');
        observe(this.core).failed(this.port.platform, err);
        await this.tellPendingOnce(incidentOfEntry(entry.incidentKey));
      }
      await retryEntryAt(db, entry._id, new Date(this.core.now().getTime() + backoff(entry.attempts + 1)), message);
      return false;
    }
  }

  private portFor(incident: Incident): ChatPort {
    return incident.drill ? drillPort(this.port, incident.locale as Locale) : this.port;
  }

  /** A DM the platform refuses (DMs closed, unknown user) goes to the war room, addressed to its person, and the lead hears of it. */
  private async dmOrRoom(port: ChatPort, incident: Incident, to: PersonRef, card: Card, room: () => RoomLink, once: Once): Promise<void> {
    try {
      await port.dm(to.id, card, once('dm'));
    } catch (err) {
      if (!(err instanceof PlatformRefusal)) throw err;
      observe(this.core).refused(port.platform, err.code);
      await port.post(room(), refusedDmCard(incident, to, err.message, card), once('room'));
      if (incident.lead && incident.lead.id !== to.id) {
        await port.dm(incident.lead.id, leadToldCard(incident, to, err.message), once('lead')).catch((e: unknown) => {
          // The room post above is addressed to everyone who can act on it; nothing more to try.
          if (!(e instanceof PlatformRefusal)) throw e;
        });
      }
      await appendEvent(this.core.db, incident.key, { type: 'dm.refused', actor: 'crisis-bot', data: { user: to.name, id: to.id, code: err.code, error: err.message } });
    }
  }

  private replyTarget(incident: Incident) {
    return { user: incident.reporter.id, room: incident.replyTo?.room ?? undefined, token: incident.replyTo?.token ?? undefined };
  }

  /** The first time an incident's effects stall, its reporter hears that the record is safe and what waits. */
  private async tellPendingOnce(key: string): Promise<void> {
    const notice = `pending-notice:${key}`;
    const incident = await findIncident(this.core.db, key);
    if (!incident || !(await claim(this.core.db, notice))) return;
    await this.portFor(incident)
      .tell(this.replyTarget(incident), pendingCard(incident, this.port.platform))
      // The platform that stalls the effects may refuse the notice too: give it back for the next failure.
      .catch(() => releaseClaim(this.core.db, notice));
  }

  /**
   * `entry`: the outbox entry's id, which keys every message the effect posts, and whether it was
   * attempted before. The effect's feature registered how it goes out (deliveries.ts); a kind no
   * feature registered cannot be delivered by retrying, so it is refused like a platform refusal.
   */
  private async deliver(incident: Incident, effect: Effect, entry: { id: string; retry: boolean }): Promise<void> {
    const handler = deliveryFor(effect.kind);
    if (!handler) {
      this.core.log.error({ incident: incident.key, effect: effect.kind }, 'no delivery registered for this effect kind');
      throw new PlatformRefusal('unknown_effect', `no delivery registered for effect '${effect.kind}'`);
    }
    const { core } = this;
    const once: Once = (part) => ({ key: part ? `${entry.id}#${part}` : entry.id, retry: entry.retry });
    // The reporter's confirmation cannot be looked up like a post: it is told at most once (tell-once.ts).
    const port = tellOnce(core.db, this.portFor(incident), entry.id);
    const room = () => {
      if (!incident.room?.id) throw new NotReady(`${incident.key} has no war room yet`);
      return { id: incident.room.id, name: incident.room.name!, url: incident.room.url ?? undefined };
    };
    const members = () => {
      const plan = core.playbook.plans.find((p) => p.id === incident.type)!;
      // Invited (and named) in the order of who is on duty at the raise (roster.yml on_duty).
      return warRoomMembers(core.playbook, plan.roles, port.platform, incident.raisedAt);
    };
    await handler(
      { core, incident, port, once, room, members, dmOrRoom: (to, card) => this.dmOrRoom(port, incident, to, card, room, once), replyTarget: () => this.replyTarget(incident) },
      effect,
    );
  }
}
