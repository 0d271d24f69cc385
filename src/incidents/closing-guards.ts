import type { Core } from '../core.ts';
import type { IncidentStatus } from '../domain/lifecycle.ts';
import { t } from '../i18n/index.ts';
import { PHASES, type Playbook } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident, Step } from '../store/records.ts';
import type { GuardContext } from './phase-guards.ts';

/**
 * Closing with care (issue 19): closing an incident while steps are still open lists them and
 * needs the lead's reason; reopening a closed incident (closed → review) always needs one. Moves
 * between the open phases do not ask: in a crisis the phases overlap, and review keeps its own
 * steps' alerts running (src/domain/escalation.ts). Both are phase guards, so the refusal, the override and
 * its record in the timeline are the same as for every other guard.
 */

const rank = (phase: string) => (phase === 'closed' ? PHASES.length : PHASES.indexOf(phase as (typeof PHASES)[number]));

export const openStepsGuard = {
  id: 'open-steps',
  phase: ['closed'] as readonly IncidentStatus[],
  missing: (_pb: Playbook, _i: Incident, ctx: GuardContext) => ctx.steps.filter((s: Step) => s.status === 'open' && rank(s.phase) < rank(ctx.to)).map((s) => String(s.n)),
  describe: (_core: Core, items: readonly string[], L: Locale) => t(L, 'guard.openSteps', { count: items.length, list: items.join(', ') }),
};

export const reopenGuard = {
  id: 'reopen',
  phase: 'review' as IncidentStatus,
  missing: (_pb: Playbook, i: Incident) => (i.status === 'closed' ? ['closed'] : []),
  describe: (_core: Core, _items: readonly string[], L: Locale) => t(L, 'guard.reopen'),
};
