import type { Core } from '../core.ts';
import type { IncidentStatus } from '../domain/lifecycle.ts';
import { t } from '../i18n/index.ts';
import { PHASES, type Playbook } from '../playbook/schema.ts';
import { loc, type Locale } from '../playbook/text.ts';
import type { Incident, Step } from '../store/records.ts';
import type { GuardContext } from './phase-guards.ts';

/**
 * Moving on with care (issue 19): every forward move that leaves steps of earlier phases open
 * lists them and needs the lead's reason — closing with open steps is the last case of that rule,
 * not a rule of its own; reopening a closed incident (closed → review) always needs one. A move
 * back (control → respond, or the reopen) asks nothing about steps: it leaves no phase behind.
 * The review phase's own steps are never "earlier" while in review, and keep their alerts there
 * (src/domain/escalation.ts). Both are phase guards, so the refusal, the override and its record
 * in the timeline are the same as for every other guard.
 */

const rank = (phase: string) => (phase === 'closed' ? PHASES.length : PHASES.indexOf(phase as (typeof PHASES)[number]));

/** Titles shown with a refusal: enough to recognise the work left, short enough to read in a chat reply. */
export const TITLES_SHOWN = 8;

/** Open steps of the phases before `to`, when `to` lies ahead of where the incident is. */
export function openEarlierSteps(i: Pick<Incident, 'status'>, steps: readonly Step[], to: IncidentStatus): Step[] {
  if (rank(to) <= rank(i.status)) return [];
  return steps.filter((s) => s.status === 'open' && rank(s.phase) < rank(to));
}

export const openStepsGuard = {
  id: 'open-steps',
  phase: ['assess', 'respond', 'control', 'resolve', 'review', 'closed'] as readonly IncidentStatus[],
  missing: (_pb: Playbook, i: Incident, ctx: GuardContext) => openEarlierSteps(i, ctx.steps, ctx.to).map((s) => String(s.n)),
  describe: (_core: Core, items: readonly string[], L: Locale, steps?: readonly Step[]) => {
    const head = t(L, 'guard.openSteps', { count: items.length, list: items.join(', ') });
    // The stored gap holds numbers only (the timeline's line); the refusal names them too.
    const named = steps ? items.map((n) => steps.find((s) => String(s.n) === n)).filter((s): s is Step => Boolean(s)) : [];
    if (!named.length) return head;
    const lines = named.slice(0, TITLES_SHOWN).map((s) => t(L, 'guard.openSteps.item', { n: s.n, title: loc(s.title, L) }));
    if (named.length > TITLES_SHOWN) lines.push(t(L, 'guard.openSteps.more', { count: named.length - TITLES_SHOWN }));
    return [head, ...lines].join('\n');
  },
};

export const reopenGuard = {
  id: 'reopen',
  phase: 'review' as IncidentStatus,
  missing: (_pb: Playbook, i: Incident) => (i.status === 'closed' ? ['closed'] : []),
  describe: (_core: Core, _items: readonly string[], L: Locale) => t(L, 'guard.reopen'),
};
