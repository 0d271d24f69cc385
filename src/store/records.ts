import type { Platform } from '../../adapters/port.ts';
import type { StepStatus } from '../domain/checklist.ts';
import type { FactVersion, Impact, Regrade } from '../domain/assessment.ts';
import type { Rumour, Statement } from '../domain/statements.ts';
import type { FunctionStatus } from '../domain/continuity.ts';
import type { CriteriaInput, Reason } from '../domain/grading.ts';
import type { IncidentStatus } from '../domain/lifecycle.ts';
import type { LevelNumber, LocalizedText, Phase } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import type { RcaVersion, TrackedAction } from '../actions/model.ts';
import type { EvaluationVersion, GoalVersion } from '../recovery-plan/model.ts';

/** The shapes the repositories hand out (models.ts holds the matching mongoose schemas). */
export type PersonRef = { id: string; name: string };
export type StoredMessageRef = { room: string; id: string };

export interface Incident {
  key: string;
  title: string;
  description?: string;
  location?: string;
  startedAt: Date;
  type: string;
  level: LevelNumber;
  suggestedLevel: LevelNumber;
  gradeReasons: Reason[];
  overrideReason?: string;
  criteria: CriteriaInput;
  status: IncidentStatus;
  drill: boolean;
  platform: Platform;
  workspace: string;
  locale: Locale;
  reporter: PersonRef;
  lead?: PersonRef;
  raisedAt: Date;
  ackDueAt?: Date;
  room?: { id: string; name: string; url?: string };
  summaryMessage?: StoredMessageRef;
  checklistMessages?: StoredMessageRef[];
  eventKey?: string;
  /** The raise operation that created it (store/ops.ts): how a resumed raise finds it. */
  raiseOp?: string;
  /** Where the reporter typed the command, so confirmations and pending notices reach them. */
  replyTo?: { room?: string; token?: string };
  setupDone: boolean;
  /** Under a legal hold nothing of the incident is purged. */
  legalHold?: boolean;
  /** The latest operations applied to it and what each noted (updateIncidentOnce). */
  applied?: { key: string; note: unknown }[];
  stepCount: number;
  openDue: Date[];
  rev: number;
  ackedAt?: Date;
  ackedBy?: PersonRef;
  lastUpdateAt?: Date;
  updateCount?: number;
  /** Steps whose alerts wait until a time (Snooze 15 min). */
  snoozes?: { n: number; until: Date }[];
  /** Assessment: every version of every fact, the impact assessments, a pending re-grade. */
  facts?: FactVersion[];
  impacts?: Impact[];
  regrade?: Regrade | null;
  /** The latest change of level after the raise, for the summary card. */
  levelChange?: { from: number; by: PersonRef; reason: string; at: Date };
  /** The assessment card (fact sheet), redrawn in place as facts and assessments arrive. */
  assessmentMessage?: StoredMessageRef;
  /** Information release (src/statements): every statement with its versions, approvals and publications. */
  statements?: Statement[];
  /** Rumours recorded about it, and the card that lists them with their rebuttals. */
  rumours?: Rumour[];
  rumourMessage?: StoredMessageRef;
  /** Its message in the stakeholder digest channel (statements.yml `digest`), edited in place. */
  digestMessage?: StoredMessageRef;
  /** Who holds each plan role once someone claimed, released or was assigned one (src/people); the roster's holders until then. */
  roles?: Record<string, PersonRef[]>;
  /** A lead handover proposed and not yet accepted: the lead stays `lead` until `to` accepts. */
  handover?: LeadHandover | null;
  /** Resource requests (src/resources): from resources.yml against the shared stock, or external support. */
  requests?: ResourceRequest[];
  /** Business continuity (src/continuity): the critical functions this incident marked, and their card in the war room. */
  continuity?: FunctionStatus[];
  continuityMessage?: StoredMessageRef;
  /** Root-cause analysis versions and tracked improvement actions (src/actions). */
  rca?: RcaVersion[];
  actions?: TrackedAction[];
  /** The recovery plan (src/recovery-plan): goal target versions, effect evaluation versions, the card's message. */
  recoveryGoals?: GoalVersion[];
  evaluations?: EvaluationVersion[];
  recoveryMessage?: StoredMessageRef;
}

export type RequestStatus = 'pending' | 'approved' | 'declined' | 'released';
export type ResourceUse = 'delivered' | 'in_use' | 'returned' | 'consumed';
export type ResourceRequest = {
  id: string;
  /** A resources.yml id; absent for external support (fire brigade, insurer, counsel, a supplier). */
  resource?: string;
  description?: string;
  quantity: number;
  purpose: string;
  neededBy?: Date;
  by: PersonRef;
  at: Date;
  status: RequestStatus;
  decidedBy?: PersonRef;
  decidedAt?: Date;
  note?: string;
  use?: ResourceUse;
  /** How much of an approved quantity was used up (not returned to the stock on release). */
  consumed?: number;
};

export type LeadHandover = { from: PersonRef; to: PersonRef; by: PersonRef; at: Date };

export interface Step {
  incidentKey: string;
  n: number;
  planStepId: string;
  phase: Phase;
  title: LocalizedText;
  ownerRole: string;
  owners: PersonRef[];
  dueAt: Date;
  status: StepStatus;
  version: number;
  doneBy?: PersonRef;
  doneAt?: Date;
  page: number;
  /** When a tick or untick last changed it (the no-op tick's cue to look for unfinished writes). */
  changedAt?: Date;
  /** The level change that last re-timed it (store/ops.ts): a resumed one skips the steps it did. */
  retimedBy?: string;
}

export interface OutboxEntry {
  _id: string;
  incidentKey: string;
  platform: Platform;
  /** Batch order; entries of one batch share it. */
  order: number;
  stage: number;
  effect: unknown;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil?: Date;
  lastError?: string;
  createdAt: Date;
  deliveredAt?: Date;
}
