import { rtoLadder } from '../domain/continuity.ts';
import { t } from '../i18n/index.ts';
import { formatDuration } from '../playbook/duration.ts';
import type { Playbook } from '../playbook/schema.ts';
import { loc, type Locale } from '../playbook/text.ts';

export type RtoSimulation = { lines: string[]; alerts: number; unreached: number };

/**
 * The RTO ladders in `crisis-bot simulate` (src/playbook/simulate.ts): they start when a function
 * is marked down, not at the raise, so each of the plan's critical functions gets its own clock —
 * "T+" counted from the mark — with who hears at 75 % of its RTO (its owner role) and at the RTO
 * (the lead). Nothing when the playbook has no continuity.yml or none of its functions concerns the plan.
 */
export function rtoSimulation(pb: Playbook, planId: string, L: Locale, holders: (role: string) => string[], lead: string[]): RtoSimulation {
  const fns = (pb.continuity?.functions ?? []).filter((f) => !f.plans || f.plans.includes(planId));
  if (!fns.length) return { lines: [], alerts: 0, unreached: 0 };
  const nobody = t(L, 'simulate.nobody');
  const roleName = (id: string) => loc(pb.roles.find((r) => r.id === id)?.name ?? { en: id, 'zh-CN': id }, L);
  const lines = ['', t(L, 'simulate.rto.title')];
  let unreached = 0;
  for (const f of fns) {
    const [warn, due] = rtoLadder(f.rto);
    const owners = holders(f.owner);
    unreached += Number(!owners.length) + Number(!lead.length);
    lines.push(
      t(L, 'simulate.rto.line', {
        id: f.id,
        name: loc(f.name, L),
        rto: formatDuration(f.rto),
        warn: formatDuration(warn.after),
        role: roleName(f.owner),
        owners: owners.join(', ') || nobody,
        due: formatDuration(due.after),
        lead: lead.join(', ') || nobody,
      }),
    );
  }
  return { lines, alerts: fns.length * 2, unreached };
}
