import { PlatformRefusal, type ChatPort, type Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { membersWithRole, platformId } from '../incidents/roster.ts';
import { observe } from '../metrics/observe.ts';
import { defineOp } from '../ops/define.ts';
import { monitoringChannel } from '../signals/messaging.ts';
import { isClaimed } from '../store/claims.ts';
import { insertEntries, type NewEntry } from '../store/outbox.ts';
import type { PersonRef } from '../store/records.ts';
import { digestCard, reminderCard } from './messaging.ts';
import { ensureSeeded, markReminded, readRegister, readRisk, type Risk } from './register.ts';

/**
 * Reviews falling due: the owner's DM once per due date, and each week a digest of the reviews due
 * or overdue in the monitoring channel (signals.yml `monitoring`, the channel warnings go to).
 * `riskTick` does both and is what the hourly review job runs (src/scheduler/reviews.ts); any number of processes may run it, since
 * each reminder and each week's digest is one operation (src/ops/define.ts): one process holds its
 * lease, the rest find it held or done, and one that died holding it is finished by the recovery
 * pass. The outbox entries have fixed ids and are queued only if never attempted, so nothing goes
 * out twice. The effects belong to no incident: the dispatcher hands them to `deliverRiskEffect`.
 */

export type RiskEffect = { kind: 'risk-remind'; risk: string; due: number; to: PersonRef } | { kind: 'risk-digest'; week: string };
export const isRiskEffect = (e: { kind: string }): e is RiskEffect => e.kind === 'risk-remind' || e.kind === 'risk-digest';

const WEEK_MS = 7 * 86_400_000;
/** The digest goes out from Monday 09:00 UTC (a job that missed it sends it late, once). */
const DIGEST_OFFSET_MS = 4 * 86_400_000 + 9 * 3_600_000;

/** Where the bot runs, as far as the register can tell: the monitoring channels' platforms, and where the risk was added. */
export function platformsFor(core: Core, r?: Pick<Risk, 'platform'>): Platform[] {
  const all = (core.playbook.signals?.monitoring ?? []).map((m) => m.platform as Platform);
  if (r?.platform) all.push(r.platform as Platform);
  return [...new Set(all)];
}

/** Who is reminded on a platform: the owner role's holders (roster.yml), or the owning person. */
export function ownersOn(core: Core, r: Pick<Risk, 'ownerRole' | 'ownerPerson'>, platform: Platform): PersonRef[] {
  if (r.ownerPerson) {
    const p = core.playbook.roster.find((x) => x.id === r.ownerPerson);
    const id = p ? platformId(p, platform) : undefined;
    return p && id ? [{ id, name: p.name }] : [];
  }
  return r.ownerRole ? membersWithRole(core.playbook, r.ownerRole, platform).map((m) => ({ id: m.id, name: m.name })) : [];
}

let sequence = 0;

/** Queues entries that were never attempted (a resumed run queues only what the dead one did not). */
export async function queueMissing(core: Core, group: string, items: { id: string; platform: Platform; effect: { kind: string } }[]): Promise<void> {
  const attempted = await Promise.all(items.map((i) => isClaimed(core.db, `outbox:${i.id}:0`)));
  const now = core.now();
  const order = Date.now() * 1000 + (sequence++ % 1000);
  const entries: NewEntry[] = items
    .filter((_, n) => !attempted[n])
    .map((i) => ({ _id: i.id, incidentKey: group, platform: i.platform, order, stage: 0, effect: i.effect, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now }));
  if (entries.length) await insertEntries(core.db, entries);
}

const remindOp = defineOp('risk-remind', async (core: Core, _key: string, { id, due }: { id: string; due: number }): Promise<number> => {
  const r = await readRisk(core.db, id);
  // Reviewed or retired meanwhile, or already reminded for this date: nothing to say.
  if (!r || r.status !== 'active' || r.nextReviewAt.getTime() !== due || r.remindedFor?.getTime() === due) return 0;
  const items = platformsFor(core, r).flatMap((platform) =>
    ownersOn(core, r, platform).map((to) => ({ id: `risk:${id}:remind:${due}:${platform}:${to.id}`, platform, effect: { kind: 'risk-remind' as const, risk: id, due, to } })),
  );
  await queueMissing(core, `risk:${id}`, items);
  await markReminded(core.db, id, new Date(due));
  return items.length;
});

/** The Monday (UTC date) that starts the digest week `at` falls in. */
export function digestWeek(at: Date): string {
  const start = Math.floor((at.getTime() - DIGEST_OFFSET_MS) / WEEK_MS) * WEEK_MS + DIGEST_OFFSET_MS;
  return new Date(start).toISOString().slice(0, 10);
}

/** Active risks whose review is overdue or falls due within the coming week. */
export async function dueSoon(core: Core): Promise<Risk[]> {
  const horizon = core.now().getTime() + WEEK_MS;
  return (await readRegister(core.db)).filter((r) => r.status === 'active' && r.nextReviewAt.getTime() <= horizon);
}

const digestOp = defineOp('risk-digest', async (core: Core, _key: string, { week }: { week: string }): Promise<number> => {
  const channels = core.playbook.signals?.monitoring ?? [];
  if (!(await dueSoon(core)).length) return 0;
  await queueMissing(core, 'risks-digest', channels.map((c) => ({ id: `risks-digest:${week}:${c.platform}`, platform: c.platform as Platform, effect: { kind: 'risk-digest' as const, week } })));
  return channels.length;
});

/** One run of the job: every due reminder not yet sent, and this week's digest if not yet sent; counts what this run queued. */
export async function riskTick(core: Core): Promise<{ reminders: number; digest: number }> {
  await ensureSeeded(core);
  const now = core.now().getTime();
  let reminders = 0;
  for (const r of await readRegister(core.db)) {
    const due = r.nextReviewAt.getTime();
    if (r.status !== 'active' || due > now || r.remindedFor?.getTime() === due) continue;
    const done = await remindOp.run(core, `risk-remind:${r._id}:${due}`, { id: r._id, due });
    if (!done.duplicate) reminders += done.result ?? 0;
  }
  const week = digestWeek(core.now());
  const sent = await digestOp.run(core, `risk-digest:${week}`, { week });
  return { reminders, digest: sent.duplicate ? 0 : (sent.result ?? 0) };
}

/**
 * Delivers a reminder or a digest on `port`'s platform, drawn as the register is now. A refusal
 * (DMs closed, the channel gone) is logged and counted, not retried: the register keeps the due
 * date, the list shows it overdue, and the weekly digest names it.
 */
export async function deliverRiskEffect(core: Core, port: ChatPort, effect: RiskEffect, entry: { id: string; retry: boolean }): Promise<void> {
  const once = { key: entry.id, retry: entry.retry };
  try {
    if (effect.kind === 'risk-remind') {
      const r = await readRisk(core.db, effect.risk);
      // Reviewed since it was queued: the reminder would be stale.
      if (!r || r.status !== 'active' || r.nextReviewAt.getTime() !== effect.due) return;
      await port.dm(effect.to.id, reminderCard(core, r, core.locale), once);
      return;
    }
    const channel = monitoringChannel(core, port.platform);
    if (channel) await port.post({ id: channel.channel, name: channel.name ?? channel.channel }, digestCard(core, await dueSoon(core), core.locale), once);
  } catch (err) {
    if (!(err instanceof PlatformRefusal)) throw err;
    observe(core).refused(port.platform, err.code);
    core.log.warn({ effect: effect.kind, code: err.code }, 'the platform refused a risk reminder or digest');
  }
}
