import { alertId, type Alert } from '../domain/escalation.ts';

/**
 * The lead's alert while people are missing at the site: an alert kind of its own
 * (`site`) on the existing alert queue, sent by src/scheduler/handle.ts like the others. The first
 * goes out as soon as the missing count rises above zero (a missing person is the most urgent
 * thing on the site), then one every SITE_ALERT_EVERY while it stays above zero. The cadence is
 * keyed by the record's `episode`, so back to zero drops the pending alert (lazily, when it falls
 * due) and a new shortfall starts a fresh cadence.
 */
export const SITE_ALERT_EVERY = 30 * 60_000;

export function firstSiteAlert(incidentKey: string, episode: number, at: Date): Alert {
  const a = { kind: 'site' as const, incidentKey, cycle: episode, rung: 0, base: at, dueAt: at };
  return { ...a, _id: alertId(a) };
}
