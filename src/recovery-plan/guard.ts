import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/records.ts';

/**
 * The review guard of the recovery plan (SOP §3: resolution is cause, recovery plan, evaluation):
 * an incident enters review with at least one recovery goal set, or with the lead's reason. The
 * evaluation is not asked for here — it is written during review, for the report. A reopen (from
 * closed) asks only for the reopen reason, as the root-cause guard does.
 */
export const recoveryPlanGuard = {
  id: 'recovery-plan',
  phase: 'review' as const,
  missing: (_pb: Playbook, i: Incident) => (i.status === 'closed' || (i.recoveryGoals?.length ?? 0) > 0 ? [] : ['recovery']),
  describe: (_core: Core, _items: readonly string[], L: Locale) => t(L, 'guard.recoveryPlan'),
};
