import { isOverdue, type TrackedAction } from '../actions/model.ts';
import type { PersonRef } from '../store/records.ts';

/**
 * The recovery plan and its effect evaluation (SOP §4 恢复计划, 效果评估): four fixed goals, each
 * with an optional target, reached by recovery steps — tracked actions (src/actions) that name a
 * goal — and judged per goal at the end. Targets and evaluations are versions, never overwritten.
 */

export const GOAL_KINDS = ['business', 'reputation', 'people', 'customers'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];
export const isGoalKind = (w: string): w is GoalKind => (GOAL_KINDS as readonly string[]).includes(w);

export const VERDICTS = ['met', 'partly', 'not-met'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const isVerdict = (w: string): w is Verdict => (VERDICTS as readonly string[]).includes(w);

export type GoalVersion = { kind: GoalKind; v: number; target: string; by: PersonRef; at: Date };
export type EvaluationVersion = { kind: GoalKind; v: number; verdict: Verdict; note: string; facts: string[]; by: PersonRef; at: Date };

/** The latest version for a goal kind. */
export const latestOf = <T extends { kind: GoalKind }>(list: readonly T[] | undefined, kind: GoalKind): T | undefined => (list ?? []).filter((x) => x.kind === kind).at(-1);
export const nextVersion = (list: readonly { kind: GoalKind }[] | undefined, kind: GoalKind) => (list ?? []).filter((x) => x.kind === kind).length + 1;

/** A step's % done: done is 100 whatever was recorded before. */
export const stepPercent = (a: Pick<TrackedAction, 'status' | 'progress'>) => (a.status === 'done' ? 100 : (a.progress ?? 0));

/** A goal's steps, its progress (mean of its steps' %, rounded; undefined without steps) and how many are overdue. */
export function goalProgress(actions: readonly TrackedAction[] | undefined, kind: GoalKind, now: Date): { steps: TrackedAction[]; pct?: number; overdue: number } {
  const steps = (actions ?? []).filter((a) => a.goal === kind);
  const pct = steps.length ? Math.round(steps.reduce((s, a) => s + stepPercent(a), 0) / steps.length) : undefined;
  return { steps, ...(pct === undefined ? {} : { pct }), overdue: steps.filter((a) => isOverdue(a, now)).length };
}
