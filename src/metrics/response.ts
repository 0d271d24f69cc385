import type { Core } from '../core.ts';
import { groupMetrics, incidentMetrics, stepTiming, type GroupMetrics, type IncidentMetrics } from '../report/metrics.ts';
import { publishedStatements } from '../report/statements.ts';
import { incidentsRaisedSince } from '../store/incident-list.ts';
import type { Incident } from '../store/records.ts';
import { stepsOf } from '../store/steps.ts';
import { readTimeline } from '../store/timeline.ts';

/**
 * The response figures of `crisis-bot metrics` (src/report/metrics.ts: the same functions over
 * the same incidents, drills included as there), by level and over all, for the once-a-minute
 * gauge reading (gauges.ts). Labels are the playbook's levels and `all`: bounded by the playbook.
 *
 * Reading every incident's steps and timeline each minute would grow with the history, so the
 * figures of a closed incident are kept per process by its key and revision: a closed incident
 * changes only by a write that bumps its revision, or by an open step of it passing its deadline
 * (pending → overdue), the cache's expiry. Open incidents are read again at every reading.
 */
type Cached = { rev: number; m: IncidentMetrics; until: number };
const caches = new WeakMap<object, Map<string, Cached>>();

async function figuresOf(core: Core, i: Incident, cache: Map<string, Cached>, now: Date): Promise<IncidentMetrics> {
  const hit = cache.get(i.key);
  if (hit && hit.rev === i.rev && now.getTime() < hit.until) return hit.m;
  const steps = await stepsOf(core.db, i);
  const m = incidentMetrics(i, steps, await readTimeline(core.db, i.key), await publishedStatements(core, i), now);
  if (i.status === 'closed') {
    const pending = steps.filter((s) => stepTiming(s, now).kind === 'pending').map((s) => s.dueAt.getTime());
    cache.set(i.key, { rev: i.rev, m, until: pending.length ? Math.min(...pending) : Infinity });
  } else cache.delete(i.key);
  return m;
}

export type ResponseFigures = { level: string; g: GroupMetrics }[];

/** One group per level of the playbook that has incidents, and `all`; figures no incident recorded are left out. */
export async function readResponseFigures(core: Core): Promise<ResponseFigures> {
  let cache = caches.get(core.db);
  if (!cache) caches.set(core.db, (cache = new Map()));
  const now = core.now();
  const incidents = await incidentsRaisedSince(core.db);
  const rows: { level: number; m: IncidentMetrics }[] = [];
  for (const i of incidents) rows.push({ level: i.level, m: await figuresOf(core, i, cache, now) });
  const out: ResponseFigures = core.playbook.levels
    .map((l) => ({ level: String(l.level), rows: rows.filter((r) => r.level === l.level) }))
    .filter((x) => x.rows.length)
    .map((x) => ({ level: x.level, g: groupMetrics(x.level, x.rows.map((r) => r.m)) }));
  if (rows.length) out.push({ level: 'all', g: groupMetrics('all', rows.map((r) => r.m)) });
  return out;
}

/** Sets the four response gauges from a reading: a series whose figure nothing recorded is removed, not left at an old value. */
export async function refreshResponseGauges(core: Core): Promise<void> {
  const m = core.metrics;
  if (!m) return;
  const figures = await readResponseFigures(core);
  const gauges = [
    [m.mtta, (g: GroupMetrics) => (g.mttaMs === undefined ? undefined : g.mttaMs / 1000)],
    [m.mttr, (g: GroupMetrics) => (g.mttrMs === undefined ? undefined : g.mttrMs / 1000)],
    [m.firstStatement, (g: GroupMetrics) => (g.firstStatementMs === undefined ? undefined : g.firstStatementMs / 1000)],
    [m.stepsOnTime, (g: GroupMetrics) => (g.due ? g.onTime / g.due : undefined)],
  ] as const;
  for (const [gauge, value] of gauges) {
    gauge.reset();
    for (const { level, g } of figures) {
      const v = value(g);
      if (v !== undefined) gauge.set({ level }, v);
    }
  }
}
