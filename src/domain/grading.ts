import type { Criteria, Level, LevelNumber } from '../playbook/schema.ts';
import { MEDIA_SCALE, OPS_SCALE } from '../playbook/schema.ts';

export type CriteriaInput = {
  people_affected?: number;
  casualties?: number;
  direct_loss?: number;
  regions?: number;
  media_attention?: (typeof MEDIA_SCALE)[number];
  operations_disrupted?: (typeof OPS_SCALE)[number];
};

export const CRITERIA = ['people_affected', 'casualties', 'direct_loss', 'regions', 'media_attention', 'operations_disrupted'] as const;
export type CriterionName = (typeof CRITERIA)[number];

/** One criterion that reached a level's threshold: "people affected 12 ≥ 10". */
export type Reason = { criterion: CriterionName; value: number | string; threshold: number | string };

export type Grade = { level: LevelNumber; reasons: Reason[] };

const rank = (criterion: CriterionName, v: number | string): number => {
  if (criterion === 'media_attention') return MEDIA_SCALE.indexOf(v as (typeof MEDIA_SCALE)[number]);
  if (criterion === 'operations_disrupted') return OPS_SCALE.indexOf(v as (typeof OPS_SCALE)[number]);
  return v as number;
};

function reached(criteria: Criteria, input: CriteriaInput): Reason[] {
  const out: Reason[] = [];
  for (const c of CRITERIA) {
    const threshold = criteria[c];
    const value = input[c];
    if (threshold === undefined || value === undefined) continue;
    if (rank(c, value) >= rank(c, threshold)) out.push({ criterion: c, value, threshold });
  }
  return out;
}

/**
 * The most severe level any one criterion reaches (the SOP grades by the worst dimension).
 * With nothing reached, the least severe level applies and has no reasons.
 */
export function grade(levels: readonly Level[], input: CriteriaInput): Grade {
  const bySeverity = [...levels].sort((a, b) => a.level - b.level);
  for (const l of bySeverity) {
    const reasons = reached(l.criteria, input);
    if (reasons.length > 0) return { level: l.level, reasons };
  }
  return { level: bySeverity[bySeverity.length - 1]!.level, reasons: [] };
}
