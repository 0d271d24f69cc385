import type { Core } from '../core.ts';
import { publishedStatements } from '../report/statements.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { incidentsRaisedSince } from '../store/incident-list.ts';
import type { Incident } from '../store/records.ts';
import { stepsOf } from '../store/steps.ts';
import { readTimeline } from '../store/timeline.ts';
import { compareDrills, COMPARE_WITH, drillScore, type DrillComparison, type DrillScore } from './scorecard.ts';

/** The drill's scorecard from its record as stored now (its steps, timeline and statements). */
export async function readScore(core: Core, incident: Incident): Promise<DrillScore> {
  const [steps, events, published] = await Promise.all([stepsOf(core.db, incident), readTimeline(core.db, incident.key), publishedStatements(core, incident)]);
  return drillScore(incident, steps, events, published, policyOf(core.playbook, incident.level).firstStatement, core.now());
}

/**
 * Drills in the store, oldest first: all of them, or one plan's, raised on or after `since`. A scan
 * of the incidents on FerretDB (src/store/incident-list.ts), as `crisis-bot metrics` does: read on a
 * drill's close and by the command line, never on a hot path.
 */
export async function drillsIn(core: Core, opts: { plan?: string; since?: Date } = {}): Promise<Incident[]> {
  return (await incidentsRaisedSince(core.db, opts.since)).filter((i) => i.drill && (!opts.plan || i.type === opts.plan));
}

export type Scorecard = { score: DrillScore; comparisons: DrillComparison[] };

/** The drill's scorecard with the last COMPARE_WITH closed drills of its plan raised before it. */
export async function readScorecard(core: Core, incident: Incident): Promise<Scorecard> {
  const earlier = (await drillsIn(core, { plan: incident.type }))
    .filter((i) => i.key !== incident.key && i.status === 'closed' && i.raisedAt.getTime() < incident.raisedAt.getTime())
    .slice(-COMPARE_WITH);
  const [score, ...previous] = await Promise.all([readScore(core, incident), ...earlier.map((i) => readScore(core, i))]);
  return { score: score!, comparisons: compareDrills(score!, previous) };
}
