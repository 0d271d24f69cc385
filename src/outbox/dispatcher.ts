import { assessInviteDm, assessmentCard, factCard, levelChangedCard } from '../assessment/messaging.ts';
import { PlatformRefusal, type ChatPort, type PostOptions } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { roomName } from '../domain/naming.ts';
import { checklistPage, checklistPages, invitedCard, pendingCard, phaseChangedCard, readyCard, summaryCard } from '../incidents/messaging.ts';
import { warRoomMembers } from '../incidents/roster.ts';
import { stepsOf } from '../incidents/service.ts';
import type { Locale } from '../playbook/text.ts';
import { claim, releaseClaim, takeLease } from '../store/claims.ts';
import { beginAttempt, deliveredEntry, failedEntry, pendingEntries, retryEntryAt } from '../store/outbox.ts';
import { findIncident, recordRoom, updateIncident, type Incident } from '../store/incidents.ts';
import type { OutboxEntry } from '../store/records.ts';
import { appendEvent, readEvent } from '../store/timeline.ts';
import { findStep } from '../store/steps.ts';
import type { PersonRef } from '../store/records.ts';
import type { Card, RoomLink } from '../ui/card.ts';
import { deadlineDm, leadToldCard, refusedDmCard, roomNotice, updateCard } from '../incidents/alert-cards.ts';
import { drillPort } from './drill-port.ts';
import type { Effect } from './enqueue.ts';
import { observe } from '../metrics/observe.ts';
import { deliverWarning, isWarningEffect } from '../signals/messaging.ts';

const LEASE_MS = 60_000;
const backoff = (attempts: number) => Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));

class NotReady extends Error {}

/** The posting-once options for one message of an effect: `part` tells its messages apart. */
type Once = (part?: string) => PostOptions;

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
    const lease = await takeLease(db, `outbox:${entry._id}:${entry.attempts}`, LEASE_MS);
    if (!lease) return false;
    const now = this.core.now();
    if (!(await beginAttempt(db, entry, new Date(now.getTime() + LEASE_MS)))) return false;
    try {
      // Warning cards (src/signals) belong to no incident: their entries are grouped by warning id.
      const effect = entry.effect as { kind: string };
      if (isWarningEffect(effect)) await deliverWarning(this.core, this.port, effect, { id: entry._id, retry: entry.attempts > 0 });
      else {
        const incident = await findIncident(db, entry.incidentKey);
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
          entry.incidentKey,
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
        await this.tellPendingOnce(entry.incidentKey);
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

  /** `entry`: the outbox entry's id, which keys every message the effect posts, and whether it was attempted before. */
  private async deliver(incident: Incident, effect: Effect, entry: { id: string; retry: boolean }): Promise<void> {
    const { core } = this;
    const once: Once = (part) => ({ key: part ? `${entry.id}#${part}` : entry.id, retry: entry.retry });
    const port = this.portFor(incident);
    const { db, playbook } = core;
    const room = () => {
      if (!incident.room?.id) throw new NotReady(`${incident.key} has no war room yet`);
      return { id: incident.room.id, name: incident.room.name!, url: incident.room.url ?? undefined };
    };
    const plan = playbook.plans.find((p) => p.id === incident.type)!;
    const members = warRoomMembers(playbook, plan.roles, port.platform);
    switch (effect.kind) {
      case 'open-room': {
        if (incident.room?.id) return;
        const level = playbook.levels.find((l) => l.level === incident.level)!;
        const opened = await port.openRoom({
          workspace: incident.workspace,
          name: roomName(incident.key, incident.title),
          topic: `${incident.key}: ${incident.title}`,
          private: Boolean(plan.private || level.private_room),
          members: [incident.reporter.id, ...members.map((m) => m.id)],
        });
        await updateIncident(db, incident.key, () => ({ room: opened }));
        await recordRoom(db, port.platform, incident.workspace, opened.id, incident.key);
        await appendEvent(db, incident.key, { type: 'room.opened', actor: 'crisis-bot', data: { room: opened.name, id: opened.id } });
        return;
      }
      case 'invite': {
        const ids = [...new Set([incident.reporter.id, ...members.map((m) => m.id)])];
        await port.invite(room(), ids);
        if (members.length) await port.post(room(), invitedCard(core, incident, members), once());
        return;
      }
      case 'post-summary': {
        let ref = incident.summaryMessage?.id ? { room: incident.summaryMessage.room, id: incident.summaryMessage.id } : undefined;
        if (!ref) {
          ref = await port.post(room(), summaryCard(core, incident), once());
          await updateIncident(db, incident.key, () => ({ summaryMessage: ref }));
        }
        // Pinning is idempotent on every platform, so a retry after a failed pin pins, not posts.
        await port.pin(ref);
        return;
      }
      case 'post-checklist': {
        const cards = checklistPages(core, incident, await stepsOf(core, incident));
        const refs = [...(incident.checklistMessages ?? [])];
        for (let p = refs.length; p < cards.length; p++) {
          refs.push(await port.post(room(), cards[p]!, once(`page${p}`)));
          await updateIncident(db, incident.key, () => ({ checklistMessages: [...refs] }));
        }
        return;
      }
      case 'confirm-reporter': {
        await port.tell(this.replyTarget(incident), readyCard({ ...incident, room: room() }));
        return;
      }
      case 'dm': {
        const step = effect.n !== undefined ? await findStep(db, incident.key, effect.n) : null;
        await this.dmOrRoom(port, incident, effect.to, deadlineDm(core, incident, effect, step), room, once);
        return;
      }
      case 'room-notice': {
        const step = effect.n !== undefined ? await findStep(db, incident.key, effect.n) : null;
        await port.post(room(), roomNotice(core, incident, effect, step), once());
        return;
      }
      case 'post-update': {
        const event = await readEvent(db, incident.key, effect.seq);
        if (!event) throw new NotReady(`update event ${effect.seq} of ${incident.key} is not readable yet`);
        await port.post(room(), updateCard(core, incident, event), once());
        return;
      }
      case 'refresh-summary': {
        const ref = incident.summaryMessage;
        if (!ref?.id) throw new NotReady(`the summary of ${incident.key} is not posted yet`);
        await port.update({ room: ref.room, id: ref.id }, summaryCard(core, incident));
        return;
      }
      case 'post-assessment': {
        if (incident.assessmentMessage?.id) return;
        const ref = await port.post(room(), assessmentCard(core, incident), once());
        await updateIncident(db, incident.key, () => ({ assessmentMessage: ref }));
        return;
      }
      case 'refresh-assessment': {
        const ref = incident.assessmentMessage;
        if (!ref?.id) throw new NotReady(`the assessment card of ${incident.key} is not posted yet`);
        await port.update({ room: ref.room, id: ref.id }, assessmentCard(core, incident));
        return;
      }
      case 'assess-invite': {
        await this.dmOrRoom(port, incident, effect.to, assessInviteDm(core, incident, room()), room, once);
        return;
      }
      case 'post-fact': {
        const fact = incident.facts?.find((f) => f.id === effect.id && f.v === effect.v);
        if (!fact) throw new NotReady(`fact ${effect.id} v${effect.v} of ${incident.key} is not readable yet`);
        await port.post(room(), factCard(incident, fact), once());
        return;
      }
      case 'phase-changed': {
        await port.post(room(), phaseChangedCard(incident, effect), once());
        return;
      }
      case 'level-changed': {
        await port.post(room(), levelChangedCard(core, incident, effect), once());
        return;
      }
      case 'refresh-checklist': {
        const ref = incident.checklistMessages?.[effect.page];
        if (!ref?.id) throw new NotReady(`checklist page ${effect.page} of ${incident.key} is not posted yet`);
        const steps = await stepsOf(core, incident);
        const pages = Math.max(...steps.map((s) => s.page)) + 1;
        await port.update({ room: ref.room!, id: ref.id }, checklistPage(core, incident, steps, effect.page, pages, incident.locale as Locale, core.now()));
        return;
      }
    }
  }
}
