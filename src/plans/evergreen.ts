import { PlatformRefusal, type ChatPort } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { LEAD_ROLE } from '../incidents/roster.ts';
import { observe } from '../metrics/observe.ts';
import { defineOp } from '../ops/define.ts';
import type { Plan } from '../playbook/schema.ts';
import { loc, type Locale } from '../playbook/text.ts';
import { ownersOn, platformsFor, queueMissing } from '../risks/reminders.ts';
import type { PersonRef } from '../store/records.ts';
import { card, text, type Card } from '../ui/card.ts';
import { reviewDue, reviewIntervalOf, showInterval } from './review.ts';
import { listProposals } from './store.ts';

/**
 * Evergreen reminders (Dispatch's anchor): a plan past its review (src/plans/review.ts) DMs its
 * owner — the plan's `owner` role, the crisis lead when it names none — on the day it falls due
 * and again each week until someone reviews it and sets `reviewed_at`. Each week's reminder is one
 * operation keyed by plan, due day and week (src/ops/define.ts): any number of processes may run
 * the job, a dead one's is finished by the recovery pass, and the outbox entries have fixed ids, so
 * nobody hears twice in a week. The bot reads `reviewed_at` from the playbook it loaded: a review
 * recorded in the file stops the reminders once the bot is restarted with it (it loads plans at start).
 */

export type PlanReviewEffect = { kind: 'plan-review'; plan: string; due: string; week: number; to: PersonRef };
export const isPlanReview = (e: { kind: string }): e is PlanReviewEffect => e.kind === 'plan-review';

const WEEK_MS = 7 * 86_400_000;

export const planOwner = (plan: Pick<Plan, 'owner'>) => plan.owner ?? LEAD_ROLE;

/** The plans due for review now, with their due day and how many whole weeks overdue they are. */
export function plansDue(core: Core): { plan: Plan; due: string; week: number }[] {
  const interval = reviewIntervalOf(core.playbook);
  const now = core.now();
  return core.playbook.plans.flatMap((plan) => {
    const due = reviewDue(plan, interval, now);
    return due ? [{ plan, due, week: Math.floor((now.getTime() - Date.parse(`${due}T00:00:00Z`)) / WEEK_MS) }] : [];
  });
}

const remindOp = defineOp('plan-review', async (core: Core, _key: string, { plan, due, week }: { plan: string; due: string; week: number }): Promise<number> => {
  const p = core.playbook.plans.find((x) => x.id === plan);
  if (!p) return 0;
  const items = platformsFor(core).flatMap((platform) =>
    ownersOn(core, { ownerRole: planOwner(p) }, platform).map((to) => ({
      id: `plan-review:${plan}:${due}:${week}:${platform}:${to.id}`,
      platform,
      effect: { kind: 'plan-review' as const, plan, due, week, to },
    })),
  );
  await queueMissing(core, `plan-review:${plan}`, items);
  return items.length;
});

/** One run of the job: this week's reminder of every plan due, if not yet queued; counts the DMs this run queued. */
export async function planReviewTick(core: Core): Promise<number> {
  let queued = 0;
  for (const { plan, due, week } of plansDue(core)) {
    const done = await remindOp.run(core, `plan-review:${plan.id}:${due}:${week}`, { plan: plan.id, due, week });
    if (!done.duplicate) queued += done.result ?? 0;
  }
  return queued;
}

export async function reminderCard(core: Core, plan: Plan, week: number, L: Locale): Promise<Card> {
  const interval = reviewIntervalOf(core.playbook);
  const open = (await listProposals(core.db, { status: 'open', plan: plan.id })).length;
  return card(t(L, 'plans.evergreen.title', { plan: plan.id }), [
    text(t(L, 'plans.evergreen.body', { title: loc(plan.title, L), plan: plan.id, reviewed: plan.reviewed_at!, interval: showInterval(interval), due: reviewDue(plan, interval, core.now())! })),
    text(open ? t(L, 'plans.evergreen.proposals', { n: open }) : t(L, 'plans.evergreen.noProposals')),
    text(t(L, 'plans.evergreen.how', { plan: plan.id, today: core.now().toISOString().slice(0, 10) })),
    ...(week > 0 ? [text(t(L, 'plans.evergreen.again', { n: week + 1 }))] : []),
  ], 'warning');
}

/**
 * Delivers a reminder, unless the plan was reviewed since it was queued (a reloaded playbook with a
 * newer `reviewed_at`). A refusal (DMs closed) is logged and counted, not retried: next week's comes.
 */
export async function deliverPlanReview(core: Core, port: ChatPort, effect: PlanReviewEffect, entry: { id: string; retry: boolean }): Promise<void> {
  const plan = core.playbook.plans.find((p) => p.id === effect.plan);
  if (!plan || reviewDue(plan, reviewIntervalOf(core.playbook), core.now()) !== effect.due) return;
  try {
    await port.dm(effect.to.id, await reminderCard(core, plan, effect.week, core.locale), { key: entry.id, retry: entry.retry });
  } catch (err) {
    if (!(err instanceof PlatformRefusal)) throw err;
    observe(core).refused(port.platform, err.code);
    core.log.warn({ plan: effect.plan, code: err.code }, 'the platform refused a plan review reminder');
  }
}
