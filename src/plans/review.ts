import type { Playbook, Plan } from '../playbook/schema.ts';
import { readPlans } from '../playbook/yaml-source.ts';
import { Problems } from '../playbook/problems.ts';

/**
 * Evergreen plans: a plan says when it was last reviewed (`reviewed_at`) and the playbook how
 * often plans are reviewed (levels.yml `plan_review`, yearly when absent). A plan past that is
 * due for review: a warning from check (the plan still works; an old plan is a decision to
 * revisit, not a broken file) and a line in `/crisis report KEY proposals`. A plan with no
 * `reviewed_at` is not judged: the shipped plans have none, and a date has to come from a person.
 */

export const YEAR_MS = 365 * 86_400_000;

export const reviewIntervalOf = (pb: Pick<Playbook, 'planReviewMs'>) => pb.planReviewMs ?? YEAR_MS;

/** The interval as people wrote it: whole days, e.g. 365d. */
export const showInterval = (ms: number) => (ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : `${Math.round(ms / 3_600_000)}h`);

/** The day the plan fell due for review, when it has (its reviewed_at plus the interval is past `now`). */
export function reviewDue(plan: Pick<Plan, 'reviewed_at'>, intervalMs: number, now: Date): string | undefined {
  if (!plan.reviewed_at) return undefined;
  const due = new Date(`${plan.reviewed_at}T00:00:00Z`).getTime() + intervalMs;
  return due <= now.getTime() ? new Date(due).toISOString().slice(0, 10) : undefined;
}

/** check's warnings for the plans due for review, each with its file and the line of reviewed_at. */
export async function reviewWarnings(dir: string, pb: Playbook, now: Date): Promise<string[]> {
  const interval = reviewIntervalOf(pb);
  const lines: string[] = [];
  for (const src of await readPlans(dir, new Problems())) {
    const id = (src.raw as { id?: unknown } | null)?.id;
    const plan = pb.plans.find((p) => p.id === id);
    const due = plan && reviewDue(plan, interval, now);
    if (!plan || !due) continue;
    lines.push(`warning: ${src.file}:${src.lineOf(['reviewed_at'])}: reviewed_at: plan '${plan.id}' was last reviewed on ${plan.reviewed_at}, more than ${showInterval(interval)} ago (due ${due}); review it, then set reviewed_at to the day of the review`);
  }
  return lines;
}
