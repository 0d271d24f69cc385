import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/records.ts';

/**
 * The review guard of root-cause analysis (SOP §3: find the cause before the review): an incident
 * enters review with an RCA recorded, or with the lead's reason. Moving back into review from
 * closed (a reopen) asks only for the reopen reason.
 */
export const rootCauseGuard = {
  id: 'root-cause',
  phase: 'review' as const,
  missing: (_pb: Playbook, i: Incident) => (i.status === 'closed' || (i.rca?.length ?? 0) > 0 ? [] : ['rca']),
  describe: (_core: Core, _items: readonly string[], L: Locale) => t(L, 'guard.rootCause'),
};
