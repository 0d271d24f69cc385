import type { CriteriaInput, Reason } from './grading.ts';

/**
 * The assessment phase's record: facts gathered by the assessment team, each verified by someone
 * other than its author or disputed, and impact assessments with losses by kind. Pure — the
 * service (src/assessment) stores it on the incident under its revision lock.
 */

export const FACT_SOURCES = ['on-site', 'interview', 'data', 'media', 'other'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export const IMPACT_AREAS = ['operations', 'finance', 'reputation', 'personnel'] as const;
export const SCORE_MAX = 5;

export type FactSource = (typeof FACT_SOURCES)[number];
export type Confidence = (typeof CONFIDENCES)[number];
export type ImpactArea = (typeof IMPACT_AREAS)[number];
export type FactStatus = 'unverified' | 'verified' | 'disputed';

type Who = { id: string; name: string };

export type FactContent = {
  what: string;
  when?: Date;
  where?: string;
  cause?: string;
  people?: string;
  source: FactSource;
  confidence: Confidence;
};

/**
 * One version of a fact. Content is never edited: a correction is a new version with the same
 * id (F3 v2) and both stay. Only the verification state of a version moves.
 */
export type FactVersion = FactContent & {
  id: string;
  v: number;
  author: Who;
  at: Date;
  status: FactStatus;
  verifiedBy?: Who;
  verifiedAt?: Date;
  /** What the verifier checked it against (a call, a site visit), when they said. */
  verifyNote?: string;
  disputedBy?: Who;
  disputedAt?: Date;
  disputeNote?: string;
};

export type Impact = {
  n: number;
  by: Who;
  at: Date;
  scores: Record<ImpactArea, { score: number; note?: string }>;
  directLoss?: { amount: number; currency: string };
  indirectLoss?: { estimate?: number; currency: string; notes?: string };
  criteria: CriteriaInput;
};

/** A level the criteria now point at, shown with buttons Change / Keep until one is pressed. */
export type Regrade = { level: number; reasons: Reason[]; at: Date; impact: number };

/** The latest version of each fact, in the order the facts were first added. */
export function currentFacts(versions: readonly FactVersion[]): FactVersion[] {
  const latest = new Map<string, FactVersion>();
  for (const f of versions) if ((latest.get(f.id)?.v ?? 0) < f.v) latest.set(f.id, f);
  return [...latest.values()].sort((a, b) => factNumber(a.id) - factNumber(b.id));
}

const factNumber = (id: string) => Number(id.slice(1));

export const nextFactId = (versions: readonly FactVersion[]) => `F${versions.reduce((m, f) => Math.max(m, factNumber(f.id)), 0) + 1}`;

export const factMark: Record<FactStatus, string> = { verified: '✓', unverified: '?', disputed: '!' };

export type VerifyVerdict = { ok: true } | { ok: false; why: 'own' | 'already' };

/** Verification is a second pair of eyes: never the author of that version, and once. */
export function canVerify(fact: FactVersion, who: Who): VerifyVerdict {
  if (fact.author.id === who.id) return { ok: false, why: 'own' };
  if (fact.status === 'verified') return { ok: false, why: 'already' };
  return { ok: true };
}

/**
 * The criteria an impact assessment adds to what is known: its values win, the rest stays. A
 * direct loss counts only in the playbook's currency — its thresholds are in that currency, and
 * the bot does not guess exchange rates.
 */
export function mergedCriteria(known: CriteriaInput, impact: Impact, currency: string): CriteriaInput {
  const fresh: CriteriaInput = { ...impact.criteria };
  if (impact.directLoss?.currency === currency) fresh.direct_loss = impact.directLoss.amount;
  const merged: CriteriaInput = { ...known };
  for (const [k, v] of Object.entries(fresh) as [keyof CriteriaInput, never][]) if (v !== undefined) merged[k] = v;
  return merged;
}
