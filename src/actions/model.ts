import type { PersonRef } from '../store/records.ts';

/**
 * Root-cause analysis and improvement actions (SOP §3 根本原因分析, §4 改进): the shapes stored on
 * the incident and the pure rules about them. The RCA is kept as versions — submitting the form
 * again adds one, never overwrites — and the actions are numbered A1, A2 … per incident.
 */

export const CAUSE_CATEGORIES = ['people', 'process', 'technology', 'equipment', 'environment', 'supplier', 'external'] as const;
export type CauseCategory = (typeof CAUSE_CATEGORIES)[number];

export const ACTION_SOURCES = ['lesson', 'root-cause', 'shortfall'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

/** One why of the five, with the category of the cause it names. */
export type Why = { text: string; category?: CauseCategory };

/** A corrective action as written on the RCA form ("title; owner; due"), before it became a tracked action. */
export type Corrective = { title: string; owner: ActionOwner; due: Date };

export type RcaVersion = {
  v: number;
  problem: string;
  whys: Why[];
  factors?: string;
  /** Fact ids (F1, F3) the analysis rests on, checked against the incident's facts when submitted. */
  evidence: string[];
  corrective: Corrective[];
  /** The tracked actions its corrective lines became (A3, A4). */
  actions: string[];
  by: PersonRef;
  at: Date;
};

/** Who answers for an action: a person, or everyone holding a role (of the plan or roles.yml). */
export type ActionOwner = { person: PersonRef } | { role: string };

export type TrackedAction = {
  id: string;
  n: number;
  title: string;
  owner: ActionOwner;
  due: Date;
  source: ActionSource;
  status: 'open' | 'done';
  /** Bumped by every change that makes its pending alerts stale (done). */
  version: number;
  by: PersonRef;
  at: Date;
  /** The RCA version it came from, for a root-cause action. */
  rca?: number;
  doneBy?: PersonRef;
  doneAt?: Date;
  note?: string;
  /** A recovery step (src/recovery-plan): the goal it serves, a resource request it rests on (R2), its % done. */
  goal?: 'business' | 'reputation' | 'people' | 'customers';
  resource?: string;
  progress?: number;
};

/** The next ids after the incident's actions: computed inside the incident's revision lock, so two adds never share one. */
export function nextActionNumbers(list: readonly Pick<TrackedAction, 'n'>[] | undefined, count: number): number[] {
  const top = (list ?? []).reduce((m, a) => Math.max(m, a.n), 0);
  return Array.from({ length: count }, (_, k) => top + k + 1);
}

export const actionId = (n: number) => `A${n}`;

/** The latest RCA version, if any. */
export const latestRca = (versions: readonly RcaVersion[] | undefined): RcaVersion | undefined => versions?.at(-1);

/** Open and past its due time: what escalates and what the cross-incident list puts first. */
export const isOverdue = (a: Pick<TrackedAction, 'status' | 'due'>, now: Date) => a.status === 'open' && a.due.getTime() <= now.getTime();

/** Overdue first (longest overdue first), then by due time. */
export const byUrgency = (now: Date) => (a: Pick<TrackedAction, 'status' | 'due'>, b: Pick<TrackedAction, 'status' | 'due'>) =>
  Number(isOverdue(b, now)) - Number(isOverdue(a, now)) || a.due.getTime() - b.due.getTime();

export const ownerIsPerson = (o: ActionOwner): o is { person: PersonRef } => 'person' in o;
