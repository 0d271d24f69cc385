import type { LevelNumber, Phase, Plan } from '../playbook/schema.ts';
import { PHASES } from '../playbook/schema.ts';

export type StepDraft = {
  n: number;
  planStepId: string;
  phase: Phase;
  ownerRole: string;
  dueAt: Date;
};

/** The plan's steps, numbered 1.. in phase order, each due at its level's offset from the raise. */
export function instantiateChecklist(plan: Plan, level: LevelNumber, raisedAt: Date): StepDraft[] {
  const ordered = [...plan.steps].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
  return ordered.map((s, i) => ({
    n: i + 1,
    planStepId: s.id,
    phase: s.phase,
    ownerRole: s.owner,
    dueAt: new Date(raisedAt.getTime() + s.due[String(level) as '1' | '2' | '3' | '4']),
  }));
}

export type StepStatus = 'open' | 'done';

export const isOverdue = (step: { status: StepStatus; dueAt: Date }, now: Date) =>
  step.status === 'open' && step.dueAt.getTime() < now.getTime();
