import { UserError } from '../src/core.ts';
import { ALL_STATUSES, nextStatuses, type IncidentStatus } from '../src/domain/lifecycle.ts';
import { t } from '../src/i18n/index.ts';
import { changePhase } from '../src/incidents/phase.ts';
import { note } from '../src/ui/card.ts';
import { splitKey } from './incident-arg.ts';
import { requireIncident, requireLead } from './preconditions.ts';
import { reply, type Command } from './types.ts';

/**
 * `phase [KEY] <phase>`: the lead moves the incident through the SOP's phases (identify → assess
 * → respond → control → resolve → review → closed). Review and closed stop its deadline alerts.
 */
export const phaseCommand: Command = {
  name: 'phase',
  async run(core, inv) {
    const { key, rest } = splitKey(inv.args);
    const incident = await requireIncident(core, inv, 'phase', key);
    const L = inv.locale;
    const allowed = (from: IncidentStatus) => nextStatuses(from).join(', ') || '—';
    const to = rest[0]?.toLowerCase() as IncidentStatus | undefined;
    if (!to || !ALL_STATUSES.includes(to)) throw new UserError(t(L, 'err.phaseArg', { value: rest[0] ?? '', key: incident.key, allowed: allowed(incident.status) }), 'phase');
    requireLead(core, inv, incident, 'phase');
    const r = await changePhase(core, incident, to, inv.user, inv.eventKey);
    if (!r.changed) throw new UserError(t(L, 'err.phaseMove', { key: incident.key, from: t(L, `phase.${r.from}` as 'phase.identify'), to: t(L, `phase.${to}` as 'phase.identify'), allowed: allowed(r.from) }), 'phase');
    return reply(note(t(L, to === 'review' || to === 'closed' ? 'phase.doneResolved' : 'phase.done', { key: incident.key, phase: t(L, `phase.${to}` as 'phase.identify') }), 'success'));
  },
};
