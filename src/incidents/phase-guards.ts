import type { Core } from '../core.ts';
import type { IncidentStatus } from '../domain/lifecycle.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { t } from '../i18n/index.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident, Step } from '../store/records.ts';
import { continuityGuard } from '../continuity/guard.ts';
import { openStepsGuard, reopenGuard } from './closing-guards.ts';
import { rootCauseGuard } from '../actions/guard.ts';

/**
 * What must be true before an incident enters a phase: each guard names the phase it watches and
 * returns what is still missing (ids, stored as JSON with the operation) and how to say it. The
 * phase change (src/incidents/phase.ts) asks every guard of the target phase inside the incident's
 * revision lock, so nothing can slip in between the check and the move; the lead may move on with
 * a reason, recorded in the timeline with what was missing. A new guard (a root-cause analysis
 * before `review`) is one more entry in GUARDS.
 */

/** What a guard may look at besides the incident: its steps (read just before the lock) and the target. */
export type GuardContext = { steps: readonly Step[]; to: IncidentStatus };

export type PhaseGuard = {
  id: string;
  /** The phase (or phases) it watches the way into. */
  phase: IncidentStatus | readonly IncidentStatus[];
  /** What is missing for `incident` to enter the phase; empty when it may. Pure: it runs inside the lock. */
  missing(pb: Playbook, incident: Incident, ctx: GuardContext): string[];
  /** The missing items as one line for the reader. */
  describe(core: Core, items: readonly string[], L: Locale): string;
};

export type Gap = { guard: string; items: string[] };

const GUARDS: readonly PhaseGuard[] = [reopenGuard, continuityGuard, rootCauseGuard, openStepsGuard];
const watches = (g: PhaseGuard, to: IncidentStatus) => (typeof g.phase === 'string' ? g.phase === to : g.phase.includes(to));

/** Every guard of the target phase that finds something missing. */
export function gapsFor(pb: Playbook, incident: Incident, to: IncidentStatus, steps: readonly Step[] = []): Gap[] {
  return GUARDS.filter((g) => watches(g, to)).flatMap((g) => {
    const items = g.missing(pb, incident, { steps, to });
    return items.length ? [{ guard: g.id, items }] : [];
  });
}

export function describeGaps(core: Core, gaps: readonly Gap[], L: Locale): string[] {
  return gaps.map((gap) => GUARDS.find((g) => g.id === gap.guard)?.describe(core, gap.items, L) ?? `${gap.guard}: ${gap.items.join(', ')}`);
}

export const OVERRIDE_EVENT = 'phase.overridden';

export function describeOverride(core: Core, e: Pick<ChainedEvent, 'actor' | 'data'>, L: Locale): string {
  const d = e.data as { key?: string; to?: string; reason?: string; gaps?: Gap[] };
  return t(L, 'guard.event', {
    actor: e.actor,
    key: String(d.key ?? ''),
    phase: t(L, `phase.${String(d.to)}` as 'phase.identify'),
    missing: describeGaps(core, d.gaps ?? [], L).join(' '),
    reason: String(d.reason ?? ''),
  });
}
