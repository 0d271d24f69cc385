import type { ChainedEvent, LedgerEntry } from '../domain/timeline.ts';
import type { Db } from './connect.ts';
import { readLedger } from './ledger.ts';
import type { Incident, Step } from './records.ts';
import { readAllEvents } from './timeline.ts';

/** Everything the audit compares, read once (by query: the audit must see what ids would hide). */
export type AuditSnapshot = {
  incidents: Incident[];
  events: { id: string; event: ChainedEvent }[];
  ledger: { id: string; entry: LedgerEntry }[];
  steps: Step[];
  /** Keys of the unfinished operations (ops.ts) and the incident each names, if any. */
  ops: { key: string; incidentKey?: string }[];
};

/** One incident's records when `incidentKey` is given (the ledger always whole: it is one chain). */
export async function readAuditSnapshot(db: Db, incidentKey?: string): Promise<AuditSnapshot> {
  const filter = incidentKey ? { incidentKey } : {};
  const [incidents, events, ledger, steps, ops] = await Promise.all([
    db.m.Incident.find(incidentKey ? { _id: incidentKey } : {}).lean(),
    readAllEvents(db, incidentKey),
    readLedger(db),
    db.m.Step.find(filter).lean(),
    db.m.Op.find({}).lean(),
  ]);
  return {
    incidents: incidents as unknown as Incident[],
    events,
    ledger,
    steps: steps as unknown as Step[],
    ops: (ops as unknown as { _id: string; intent?: { key?: unknown } }[]).map((o) => ({
      key: o._id,
      ...(typeof o.intent?.key === 'string' ? { incidentKey: o.intent.key } : {}),
    })),
  };
}
