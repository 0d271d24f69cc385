import { UserError } from '../src/core.ts';
import { ALL_STATUSES, nextStatuses, type IncidentStatus } from '../src/domain/lifecycle.ts';
import { t } from '../src/i18n/index.ts';
import { changePhase } from '../src/incidents/phase.ts';
import { describeGaps } from '../src/incidents/phase-guards.ts';
import type { Incident } from '../src/store/incidents.ts';
import { stepsOf } from '../src/store/steps.ts';
import { note } from '../src/ui/card.ts';
import { arg, defineCommand } from './define.ts';
import { choice, incident, text } from './kinds.ts';
import { reply } from './types.ts';

const allowed = (from: IncidentStatus) => nextStatuses(from).join(', ') || '—';

/**
 * `phase [KEY] <phase>`: the lead moves the incident through the SOP's phases (identify → assess
 * → respond → control → resolve → review → closed, and closed → review to reopen). Moving on with
 * open steps of earlier phases and reopening need a reason (src/incidents/closing-guards.ts).
 * Discord offers every phase but the first as a choice; typed, `identify` is refused as a move.
 */
const phaseArg = choice(ALL_STATUSES, {
  required: true,
  field: 'phase',
  labels: (s) => `phase.${s}` as const,
  offered: ALL_STATUSES.filter((s) => s !== 'identify'),
  refuse: (value, { inv, values }) => {
    const incident = values.key as Incident;
    return t(inv.locale, 'err.phaseArg', { value, key: incident.key, allowed: allowed(incident.status) });
  },
});

export const phaseCommand = defineCommand({
  name: 'phase',
  help: 'help.phase',
  description: 'discord.cmd.phase',
  args: [
    arg('key', incident('always'), { description: 'discord.opt.key', required: true }),
    arg('phase', phaseArg, { description: 'discord.opt.phase', required: true }),
    // Moving on although a guard of the phase finds something missing (src/incidents/phase-guards.ts); recorded in the timeline.
    arg('reason', text({ max: 500 }), { description: 'discord.opt.phaseReason' }),
  ],
  preconditions: ['phaseLead'],
  async run(core, inv, { key: incident, phase, reason }) {
    const L = inv.locale;
    const to = phase!;
    const r = await changePhase(core, incident, to, inv.user, inv.eventKey, reason);
    if (!r.changed && r.gaps?.length) {
      const phaseName = t(L, `phase.${to}` as 'phase.identify');
      // The steps are read again for their titles: the refusal names the work left, the timeline keeps numbers.
      const steps = await stepsOf(core.db, r.incident);
      const lines = [t(L, 'guard.refused', { phase: phaseName, key: incident.key }), ...describeGaps(core, r.gaps, L, steps), t(L, 'guard.overrideHint', { key: incident.key, phase: to })];
      throw new UserError(lines.join('\n'), 'phase');
    }
    if (!r.changed) throw new UserError(t(L, 'err.phaseMove', { key: incident.key, from: t(L, `phase.${r.from}` as 'phase.identify'), to: t(L, `phase.${to}` as 'phase.identify'), allowed: allowed(r.from) }), 'phase');
    return reply(note(t(L, to === 'review' ? 'phase.doneReview' : to === 'closed' ? 'phase.doneResolved' : 'phase.done', { key: incident.key, phase: t(L, `phase.${to}` as 'phase.identify') }), 'success'));
  },
});
