import type { Core } from '../core.ts';
import { isAffected } from '../domain/continuity.ts';
import { t } from '../i18n/index.ts';
import type { Playbook } from '../playbook/schema.ts';
import { loc, type Locale } from '../playbook/text.ts';
import type { Incident } from '../store/records.ts';

/**
 * The resolve guard of business continuity: an incident is resolved when every function it marked
 * down or degraded runs again (SOP §3: restore critical business first, monitor the recovery).
 * Items are `<function>:<state>`, so the refusal and the timeline say how each one stands.
 */
export const continuityGuard = {
  id: 'continuity',
  phase: 'resolve' as const,
  missing: (_pb: Playbook, i: Incident) => (i.continuity ?? []).filter(isAffected).map((s) => `${s.id}:${s.state}`),
  describe(core: Core, items: readonly string[], L: Locale) {
    const list = items.map((item) => {
      const [id, state] = item.split(':') as [string, string];
      const f = core.playbook.continuity?.functions.find((x) => x.id === id);
      return t(L, 'guard.continuity.item', { name: f ? loc(f.name, L) : id, id, state: t(L, `continuity.state.${state}` as 'continuity.state.down') });
    });
    return t(L, 'guard.continuity', { list: list.join(', ') });
  },
};
