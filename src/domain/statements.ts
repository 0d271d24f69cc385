/**
 * Information release (信息发布): statements drafted, approved by other people than their author
 * (four eyes), and published exactly as approved. Pure — the service (src/statements) stores them
 * on the incident under its revision lock.
 */

export const STATEMENT_KINDS = ['holding', 'update', 'rebuttal', 'final'] as const;
export const AUDIENCES = ['staff', 'public', 'press', 'regulator', 'customers'] as const;
export const STATEMENT_LANGS = ['en', 'zh-CN'] as const;

export type StatementKind = (typeof STATEMENT_KINDS)[number];
export type Audience = (typeof AUDIENCES)[number];
export type StatementStatus = 'draft' | 'changes_requested' | 'approved' | 'published' | 'superseded';
export type StatementText = { en?: string; 'zh-CN'?: string };

type Who = { id: string; name: string };

/** Who must approve a statement for an audience: every listed role, or any N people holding one. */
export type ApprovalPolicy = { roles: string[]; need: 'all' | number };

export type Approval = { by: Who; roles: string[]; at: Date };
export type StatementVersion = { v: number; text: StatementText; by: Who; at: Date };

/** One channel's delivery of a published statement: pending while retried, then delivered or refused. */
export type Publication = {
  channel: string;
  state: 'pending' | 'delivered' | 'refused';
  at?: Date;
  /** The platform message id, or nothing for a webhook. */
  ref?: string;
  /** A webhook's HTTP status. */
  status?: number;
  error?: string;
};

export type Statement = {
  id: string;
  n: number;
  kind: StatementKind;
  audience: Audience;
  channels: string[];
  /** For a rebuttal: the rumour it answers, as shown (`R1: …`, or free text). */
  rumour?: string;
  /** For a rebuttal of a recorded rumour: its id (R1). */
  answers?: string;
  author: Who;
  at: Date;
  /** Every version of the text; the latest is the one under review. Versions are never changed. */
  versions: StatementVersion[];
  status: StatementStatus;
  /** Approvals of the current version only: an edit clears them. */
  approvals: Approval[];
  changes?: { by: Who; note: string; at: Date; v: number };
  published?: { v: number; by: Who; at: Date };
  publications: Publication[];
  /** The published statement this one corrects; it becomes superseded when this one is published. */
  supersedes?: string;
  supersededBy?: string;
  /** The card in the war room, redrawn as the statement moves. */
  card?: { room: string; id: string };
};

/** The platforms' limits on one message's text: Slack's section text, Discord's message content. */
export const TEXT_LIMITS = { slack: 3000, discord: 2000, shell: 3000, webhook: 10000 } as const;
export type ChannelKind = keyof typeof TEXT_LIMITS;

/** The strictest limit among the chosen channels (the war room's platform always counts: the card is posted there). */
export const textLimit = (kinds: readonly ChannelKind[]): number => Math.min(...kinds.map((k) => TEXT_LIMITS[k]));

export const current = (s: Statement): StatementVersion => s.versions[s.versions.length - 1]!;
export const nextStatementId = (all: readonly Statement[]) => `S${all.reduce((m, s) => Math.max(m, s.n), 0) + 1}`;
export const hasText = (t: StatementText) => Boolean(t.en?.trim() || t['zh-CN']?.trim());
export const isOpen = (s: Statement) => s.status === 'draft' || s.status === 'changes_requested';

export type Refusal = { ok: false; why: 'own' | 'not_approver' | 'already' | 'closed' | 'not_approved' | 'not_publisher' | 'published' };
export type Verdict = { ok: true } | Refusal;

/** Which of the policy's roles a person's approval stands for. */
export const rolesFor = (policy: ApprovalPolicy, held: readonly string[]) => policy.roles.filter((r) => held.includes(r));

/** Whether the approvals given meet the policy. */
export function approvalsMet(policy: ApprovalPolicy, approvals: readonly Approval[]): boolean {
  if (policy.need === 'all') return policy.roles.every((r) => approvals.some((a) => a.roles.includes(r)));
  return approvals.filter((a) => a.roles.length > 0).length >= policy.need;
}

/** The policy's roles no approval covers yet (for "all"), or every role while N are missing. */
export function waitingFor(policy: ApprovalPolicy, approvals: readonly Approval[]): string[] {
  if (approvalsMet(policy, approvals)) return [];
  if (policy.need === 'all') return policy.roles.filter((r) => !approvals.some((a) => a.roles.includes(r)));
  return policy.roles;
}

/** Four eyes: never the author of the statement, only a holder of an approver role, once per version. */
export function canApprove(s: Statement, who: Who, held: readonly string[], policy: ApprovalPolicy): Verdict {
  if (!isOpen(s)) return { ok: false, why: s.status === 'approved' ? 'already' : 'closed' };
  if (s.author.id === who.id || current(s).by.id === who.id) return { ok: false, why: 'own' };
  if (rolesFor(policy, held).length === 0) return { ok: false, why: 'not_approver' };
  if (s.approvals.some((a) => a.by.id === who.id)) return { ok: false, why: 'already' };
  return { ok: true };
}

export function approve(s: Statement, who: Who, held: readonly string[], policy: ApprovalPolicy, at: Date): Statement {
  const approvals = [...s.approvals, { by: who, roles: rolesFor(policy, held), at }];
  return { ...s, approvals, status: approvalsMet(policy, approvals) ? 'approved' : s.status };
}

export function canChange(s: Statement): Verdict {
  return s.status === 'published' || s.status === 'superseded' ? { ok: false, why: 'published' } : { ok: true };
}

/** A reviewer's objection: the statement is no longer ready, so the approvals given so far go too. */
export function requestChanges(s: Statement, who: Who, note: string, at: Date): Statement {
  return { ...s, status: 'changes_requested', approvals: [], changes: { by: who, note, at, v: current(s).v } };
}

/** An edit is a new version: the approvals were of the old text, so they are cleared. */
export function edit(s: Statement, text: StatementText, who: Who, at: Date): Statement {
  const v = current(s).v + 1;
  return { ...s, versions: [...s.versions, { v, text, by: who, at }], approvals: [], status: 'draft' };
}

/** Publishing: the lead or a publisher role, only once approved; what goes out is the approved version. */
export function canPublish(s: Statement, isLead: boolean, held: readonly string[], publishers: readonly string[]): Verdict {
  if (s.status === 'published' || s.status === 'superseded') return { ok: false, why: 'already' };
  if (!isLead && !publishers.some((r) => held.includes(r))) return { ok: false, why: 'not_publisher' };
  if (s.status !== 'approved') return { ok: false, why: 'not_approved' };
  return { ok: true };
}

export function publish(s: Statement, who: Who, at: Date, channels: readonly string[]): Statement {
  return { ...s, status: 'published', published: { v: current(s).v, by: who, at }, publications: channels.map((channel) => ({ channel, state: 'pending' })) };
}

/** The text that was published: the approved version, never a later one. */
export const publishedText = (s: Statement): StatementText | undefined => s.versions.find((v) => v.v === s.published?.v)?.text;

export const isPublic = (a: Audience) => a !== 'staff';

/** When the first public statement went out, if one has. */
export function firstPublicAt(all: readonly Statement[]): Date | undefined {
  const times = all.filter((s) => s.published && isPublic(s.audience)).map((s) => s.published!.at.getTime());
  return times.length ? new Date(Math.min(...times)) : undefined;
}

export function lastPublicAt(all: readonly Statement[]): Date | undefined {
  const times = all.filter((s) => s.published && isPublic(s.audience)).map((s) => s.published!.at.getTime());
  return times.length ? new Date(Math.max(...times)) : undefined;
}

/** A rumour seen about the incident (`/crisis rumour`): what, where, how far it reached, a link. Answered by a published rebuttal. */
export type Rumour = { id: string; n: number; what: string; where?: string; reach?: number; link?: string; by: Who; at: Date };

export const nextRumourId = (all: readonly Rumour[]) => `R${all.reduce((m, r) => Math.max(m, r.n), 0) + 1}`;

/** The published rebuttal that answers a rumour, if one does (a superseded one still did). */
export const rebuttalOf = (statements: readonly Statement[], rumourId: string): Statement | undefined =>
  statements.find((s) => s.answers === rumourId && s.published);

export const PLACEHOLDERS = ['title', 'location', 'started_at', 'level', 'key'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Placeholders in a template that are not known ones (`{who}`), for `crisis-bot check`. */
export const unknownPlaceholders = (template: string): string[] =>
  [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));

/** A template filled from the incident; a value it does not have is left empty. */
export const fillTemplate = (template: string, values: Partial<Record<Placeholder, string>>): string =>
  template.replace(/\{([a-z_]+)\}/g, (whole, p: string) => ((PLACEHOLDERS as readonly string[]).includes(p) ? (values[p as Placeholder] ?? '') : whole));
