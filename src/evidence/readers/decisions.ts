import type { EvidenceReader } from './context.ts';

/** Event types that record a decision someone took about the response (with who, when and why). */
const DECISIONS: Record<string, string> = {
  'level.overridden': 'level set against the suggestion at the raise',
  'level.changed': 'level changed',
  'level.kept': 'suggested re-grade declined',
  'status.changed': 'phase changed',
  'incident.acknowledged': 'acknowledged',
  'legal.hold.set': 'legal hold set',
  'legal.hold.cleared': 'legal hold cleared',
};

/**
 * The decisions in order, each citing its timeline event (seq) so a reader can check it against
 * the chain. A phase change records no reason in this version (its `reason` is then absent).
 */
export const decisionsReader: EvidenceReader = {
  file: 'decisions.json',
  read: ({ incident, events }) => ({
    grading: { suggested: incident.suggestedLevel, level: incident.level, reasons: incident.gradeReasons, overrideReason: incident.overrideReason ?? null },
    decisions: events
      .filter((e) => e.type in DECISIONS)
      .map((e) => ({ seq: e.seq, at: e.at, kind: DECISIONS[e.type], type: e.type, by: e.actor, ...(e.data.reason !== undefined ? { reason: e.data.reason } : {}), data: e.data })),
  }),
};
