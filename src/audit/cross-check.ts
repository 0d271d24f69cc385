import { OPEN_STATUSES } from '../domain/lifecycle.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import type { Incident, Step } from '../store/records.ts';
import type { Finding } from './findings.ts';

/**
 * The stored state must be what the timeline says: each step's status is that of its last
 * step.done / step.reopened; the level that of the last event setting it; the phase that of the
 * last status.changed (else the first phase); every fact version and its verification as recorded.
 */
export function crossCheck(incident: Incident, events: readonly ChainedEvent[], steps: readonly Step[]): Finding[] {
  const key = incident.key;
  return [...checkSteps(key, events, steps), ...checkLevel(incident, events), ...checkPhase(incident, events), ...checkFacts(incident, events)];
}

const lastOf = (events: readonly ChainedEvent[], match: (e: ChainedEvent) => boolean) => events.findLast(match);

function checkSteps(incident: string, events: readonly ChainedEvent[], steps: readonly Step[]): Finding[] {
  const findings: Finding[] = [];
  const ticks = events.filter((e) => e.type === 'step.done' || e.type === 'step.reopened');
  for (const step of steps) {
    const last = lastOf(ticks, (e) => e.data.n === step.n);
    const expected = last?.type === 'step.done' ? 'done' : 'open';
    if (step.status === expected) continue;
    findings.push({
      kind: 'state.step',
      incident,
      ...(last ? { seq: last.seq } : {}),
      detail: last
        ? `step ${step.n} is ${step.status} in the checklist, but the timeline's last word on it is ${last.type} (event ${last.seq})`
        : `step ${step.n} is ${step.status} in the checklist, but the timeline has no step.done for it`,
    });
  }
  const numbers = new Set(steps.map((s) => s.n));
  for (const e of ticks) {
    if (!numbers.has(e.data.n as number)) findings.push({ kind: 'state.step', incident, seq: e.seq, detail: `event ${e.seq} (${e.type}) is about step ${String(e.data.n)}, which the checklist does not have` });
  }
  return findings;
}

/** The level each event type sets, if it sets one (suggestions and "keep" do not). */
function levelSetBy(e: ChainedEvent): number | undefined {
  if (e.type === 'incident.raised' || e.type === 'level.overridden') return e.data.level as number;
  if (e.type === 'level.changed') return e.data.to as number;
  return undefined;
}

function checkLevel(incident: Incident, events: readonly ChainedEvent[]): Finding[] {
  const last = lastOf(events, (e) => levelSetBy(e) !== undefined);
  if (!last || levelSetBy(last) === incident.level) return [];
  return [{ kind: 'state.level', incident: incident.key, seq: last.seq, detail: `the incident is at level ${incident.level}, but its last level event (${last.type}, event ${last.seq}) set level ${levelSetBy(last)}` }];
}

function checkPhase(incident: Incident, events: readonly ChainedEvent[]): Finding[] {
  const last = lastOf(events, (e) => e.type === 'status.changed');
  // Every incident is raised into the first phase (incidents/service.ts); only status.changed moves it.
  const expected = last ? (last.data.to as string) : OPEN_STATUSES[0];
  if (incident.status === expected) return [];
  return [
    {
      kind: 'state.phase',
      incident: incident.key,
      ...(last ? { seq: last.seq } : {}),
      detail: last
        ? `the incident is in phase ${incident.status}, but its last status.changed (event ${last.seq}) moved it to ${expected}`
        : `the incident is in phase ${incident.status}, but its timeline never moved it from ${expected}`,
    },
  ];
}

type FactRecord = { seq: number; what?: unknown; status: string; statusSeq: number; type: string };

const FACT_STATUS: Record<string, string> = { 'fact.added': 'unverified', 'fact.corrected': 'unverified', 'fact.verified': 'verified', 'fact.disputed': 'disputed' };

function checkFacts(incident: Incident, events: readonly ChainedEvent[]): Finding[] {
  const key = incident.key;
  const recorded = new Map<string, FactRecord>();
  for (const e of events) {
    const status = FACT_STATUS[e.type];
    if (!status) continue;
    const id = `${String(e.data.id)} v${String(e.data.v)}`;
    const had = recorded.get(id);
    if (e.type === 'fact.added' || e.type === 'fact.corrected') recorded.set(id, { seq: e.seq, what: e.data.what, status, statusSeq: e.seq, type: e.type });
    else if (had) recorded.set(id, { ...had, status, statusSeq: e.seq, type: e.type });
  }
  const findings: Finding[] = [];
  const stored = new Set<string>();
  for (const f of incident.facts ?? []) {
    const id = `${f.id} v${f.v}`;
    stored.add(id);
    const r = recorded.get(id);
    if (!r) findings.push({ kind: 'state.fact', incident: key, detail: `fact ${id} is on the fact sheet, but the timeline never recorded it` });
    else if (r.what !== f.what) findings.push({ kind: 'state.fact', incident: key, seq: r.seq, detail: `fact ${id} reads differently from what its event ${r.seq} recorded` });
    else if (r.status !== f.status) findings.push({ kind: 'state.fact', incident: key, seq: r.statusSeq, detail: `fact ${id} is ${f.status} on the fact sheet, but the timeline's last word on it is ${r.type} (event ${r.statusSeq})` });
  }
  for (const [id, r] of recorded) {
    if (!stored.has(id)) findings.push({ kind: 'state.fact', incident: key, seq: r.seq, detail: `the timeline recorded fact ${id} (event ${r.seq}), which the fact sheet does not have` });
  }
  return findings;
}
