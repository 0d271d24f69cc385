import type { PersonRef } from '../store/records.ts';

/** What a plan-change proposal asks for: one edit of one plan file (playbooks/plans/<plan>.yml). */

export const CHANGE_KINDS = ['add-step', 'remove-step', 'reorder-step', 'change-owner', 'change-due', 'statement-template'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const TEMPLATE_KINDS = ['holding', 'update', 'rebuttal', 'final'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export type DueMap = Partial<Record<'1' | '2' | '3' | '4', string>>;

/**
 * `at` is the step's position (1-based) when the proposal was made: a step no longer there, or
 * moved since, makes the proposal stale rather than silently edit some other step.
 */
export type PlanChange =
  | { kind: 'add-step'; step: { id: string; phase: string; owner: string; due: DueMap; title: { en: string; 'zh-CN': string } } }
  | { kind: 'remove-step'; step: string; at: number }
  | { kind: 'reorder-step'; step: string; at: number; position: number }
  | { kind: 'change-owner'; step: string; at: number; owner: string }
  | { kind: 'change-due'; step: string; at: number; due: DueMap }
  | { kind: 'statement-template'; audience: TemplateKind; text: { en?: string; 'zh-CN'?: string } };

export type ProposalStatus = 'open' | 'applied' | 'rejected';

export interface Proposal {
  id: string;
  n: number;
  op: string;
  incidentKey: string;
  plan: string;
  change: PlanChange;
  why: string;
  by: PersonRef;
  at: Date;
  status: ProposalStatus;
  appliedAt?: Date;
  appliedBy?: string;
  rejectedAt?: Date;
  rejectedBy?: string;
  rejectReason?: string;
}

/** One line saying what a proposal changes, for lists, the timeline and diff headers. */
export function describeChange(c: PlanChange): string {
  switch (c.kind) {
    case 'add-step':
      return `add step ${c.step.id} (${c.step.phase}, ${c.step.owner}): ${c.step.title.en}`;
    case 'remove-step':
      return `remove step ${c.step}`;
    case 'reorder-step':
      return `move step ${c.step} from position ${c.at} to ${c.position}`;
    case 'change-owner':
      return `step ${c.step} owner → ${c.owner}`;
    case 'change-due':
      return `step ${c.step} due → ${Object.entries(c.due).map(([l, d]) => `${l}: ${d}`).join(', ')}`;
    case 'statement-template':
      return `${c.audience} statement template`;
  }
}
