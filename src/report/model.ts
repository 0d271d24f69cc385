import type { Core } from '../core.ts';
import { currentFacts, type FactVersion } from '../domain/assessment.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { findIncident } from '../store/incidents.ts';
import type { Incident, PersonRef, Step } from '../store/records.ts';
import { stepsOf } from '../store/steps.ts';
import { readTimeline } from '../store/timeline.ts';
import { incidentMetrics, phaseEntries, type IncidentMetrics } from './metrics.ts';
import { publishedStatements, type Statement } from './statements.ts';
import { latestRca, type RcaVersion, type TrackedAction } from '../actions/model.ts';
import { readScorecard, type Scorecard } from '../drills/read.ts';

/** A change of level with its reason: set against the suggestion at the raise, or changed later. */
export type LevelChange = { at: Date; from?: number; to: number; suggested?: number; by: string; reason: string };

/**
 * Everything the report says, computed from the record only (the incident, its steps, its
 * timeline, its statements) and in no language yet: the renderers word it for the reader.
 */
export type ReportModel = {
  incident: Incident;
  steps: Step[];
  events: ChainedEvent[];
  statements: Statement[];
  /** The latest version of each fact, disputed ones included (the report marks them). */
  facts: FactVersion[];
  levelChanges: LevelChange[];
  phases: ReturnType<typeof phaseEntries>;
  /** Deadline alerts sent past their ladder's first rung. */
  escalations: ChainedEvent[];
  metrics: IncidentMetrics;
  /** The latest root-cause analysis and every improvement action (src/actions), when recorded. */
  rca?: RcaVersion;
  actions: TrackedAction[];
  people: string[];
  /** The newest event of the chain, whose hash the footer carries (crisis-bot audit checks it). */
  head?: { seq: number; hash: string };
  generatedAt: Date;
  /** A drill's scorecard with its comparison to the plan's earlier drills (src/drills); none for a real incident. */
  scorecard?: Scorecard;
};

export class UnknownIncident extends Error {}

function levelChangesOf(events: readonly ChainedEvent[]): LevelChange[] {
  const out: LevelChange[] = [];
  for (const e of events) {
    const d = e.data;
    if (e.type === 'level.overridden') out.push({ at: e.at, to: Number(d.level), suggested: Number(d.suggested), by: e.actor, reason: String(d.reason ?? '') });
    if (e.type === 'level.changed') out.push({ at: e.at, from: Number(d.from), to: Number(d.to), by: e.actor, reason: String(d.reason ?? '') });
  }
  return out;
}

function peopleOf(i: Incident, steps: readonly Step[], facts: readonly FactVersion[]): string[] {
  const all: (PersonRef | undefined)[] = [i.reporter, i.lead, i.ackedBy];
  for (const s of steps) all.push(s.doneBy, ...s.owners);
  for (const f of facts) all.push(f.author, f.verifiedBy, f.disputedBy);
  for (const m of i.impacts ?? []) all.push(m.by);
  return [...new Set(all.filter((p): p is PersonRef => Boolean(p)).map((p) => p.name))];
}

/** The model from records already read (pure; the bench and the tests feed it directly). */
export function reportModel(incident: Incident, steps: Step[], events: ChainedEvent[], statements: Statement[], now: Date): ReportModel {
  const facts = currentFacts(incident.facts ?? []);
  const last = events.at(-1);
  return {
    incident,
    steps,
    events,
    statements,
    facts,
    levelChanges: levelChangesOf(events),
    phases: phaseEntries(incident, events),
    escalations: events.filter((e) => e.type === 'deadline.alert' && Number(e.data.rung ?? 0) > 0),
    metrics: incidentMetrics(incident, steps, events, statements, now),
    ...(latestRca(incident.rca) ? { rca: latestRca(incident.rca) } : {}),
    actions: incident.actions ?? [],
    people: peopleOf(incident, steps, facts),
    ...(last ? { head: { seq: last.seq, hash: last.hash } } : {}),
    generatedAt: now,
  };
}

/** Reads the incident's record through the store and builds its model; UnknownIncident for a key with no incident. */
export async function buildReport(core: Core, key: string): Promise<ReportModel> {
  const incident = await findIncident(core.db, key);
  if (!incident) throw new UnknownIncident(`no incident ${key}`);
  const [steps, events, statements] = await Promise.all([stepsOf(core.db, incident), readTimeline(core.db, key), publishedStatements(core, incident)]);
  const model = reportModel(incident, steps, events, statements, core.now());
  return incident.drill ? { ...model, scorecard: await readScorecard(core, incident) } : model;
}
