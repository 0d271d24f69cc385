import { alertId, type Alert } from './escalation.ts';

/**
 * Business continuity (SOP §3, business interruption management), pure: the state of each
 * critical business function in an incident, the order to restore them in, and when its
 * recovery-time objective (RTO) is watched. The service (src/continuity) stores and announces.
 */

export const SERVICE_STATES = ['down', 'degraded', 'restored'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/**
 * One function's standing in one incident. `since` is when this outage began (the first down or
 * degraded after it was running): the RTO counts from there, so going from down to degraded does
 * not restart it. `outage` counts the outages in this incident — a function restored and lost again
 * is a new outage with a fresh RTO, and the alerts of the old one are stale.
 */
export type FunctionStatus = {
  id: string;
  state: ServiceState;
  since: Date;
  outage: number;
  changedAt: Date;
  by: { id: string; name: string };
  note?: string;
  restoredAt?: Date;
};

/** At this share of the RTO the owner role hears that it is about to pass; at the RTO itself, the lead. */
export const RTO_WARN_SHARE = 0.75;

export const isAffected = (s: Pick<FunctionStatus, 'state'>) => s.state !== 'restored';

export type Mark = { id: string; state: ServiceState; by: { id: string; name: string }; at: Date; note?: string };
export type MarkResult =
  | { list: FunctionStatus[]; from?: ServiceState; started: boolean; outage: number }
  | { refused: 'same' | 'notAffected'; state?: ServiceState };

/** A function's new state in the incident's list, or why nothing changes (already so; restoring one never marked). */
export function mark(list: readonly FunctionStatus[], m: Mark): MarkResult {
  const current = list.find((s) => s.id === m.id);
  if (!current && m.state === 'restored') return { refused: 'notAffected' };
  if (current && current.state === m.state) return { refused: 'same', state: current.state };
  const started = !current || current.state === 'restored';
  const outage = started ? (current?.outage ?? 0) + 1 : current!.outage;
  const next: FunctionStatus = {
    id: m.id,
    state: m.state,
    since: started ? m.at : current!.since,
    outage,
    changedAt: m.at,
    by: m.by,
    ...(m.note ? { note: m.note } : {}),
    ...(m.state === 'restored' ? { restoredAt: m.at } : {}),
  };
  const rest = list.filter((s) => s.id !== m.id);
  return { list: [...rest, next], from: current?.state, started: started && m.state !== 'restored', outage };
}

export type FunctionSpec = { id: string; priority: number; depends_on?: readonly string[] };

/**
 * The order to restore the affected functions in: the lowest priority number first, except that a
 * function always comes after every affected function it depends on, directly or through functions
 * that are running (a dependency's dependency still has to run first). Ties keep the playbook's order.
 */
export function restoreOrder(specs: readonly FunctionSpec[], affected: readonly string[]): string[] {
  const byId = new Map(specs.map((s, i) => [s.id, { ...s, index: i }]));
  const wanted = new Set(affected.filter((id) => byId.has(id)));
  const needs = new Map<string, Set<string>>();
  const reach = (id: string, seen: Set<string>): void => {
    for (const d of byId.get(id)?.depends_on ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      reach(d, seen);
    }
  };
  for (const id of wanted) {
    const all = new Set<string>();
    reach(id, all);
    needs.set(id, new Set([...all].filter((d) => wanted.has(d) && d !== id)));
  }
  const placed: string[] = [];
  const left = new Set(wanted);
  while (left.size) {
    const ready = [...left].filter((id) => [...needs.get(id)!].every((d) => !left.has(d)));
    // A cycle (which `crisis-bot check` refuses) would leave nothing ready: take the rest by priority.
    const pool = ready.length ? ready : [...left];
    pool.sort((a, b) => byId.get(a)!.priority - byId.get(b)!.priority || byId.get(a)!.index - byId.get(b)!.index);
    placed.push(pool[0]!);
    left.delete(pool[0]!);
  }
  return placed;
}

/** The RTO's rungs, counted from when the outage began: the owner role at 75 %, the lead at the RTO. */
export const rtoLadder = (rto: number) => [
  { after: Math.round(rto * RTO_WARN_SHARE), notify: 'owners' },
  { after: rto, notify: 'lead' },
] as const;

export const rtoDeadline = (s: Pick<FunctionStatus, 'since'>, rto: number) => new Date(s.since.getTime() + rto);

/** The first alert of an outage's RTO ladder (`alert:<KEY>:rto:<fn>:o<outage>:r0`), at 75 % of the RTO after it began. */
export function firstRtoAlert(incidentKey: string, s: Pick<FunctionStatus, 'id' | 'since' | 'outage'>, rto: number): Alert {
  const a = { kind: 'rto' as const, incidentKey, fn: s.id, cycle: s.outage, rung: 0, base: s.since, dueAt: new Date(s.since.getTime() + rtoLadder(rto)[0].after) };
  return { ...a, _id: alertId(a) };
}
