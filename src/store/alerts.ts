import type { Alert } from '../domain/escalation.ts';
import type { Db } from './connect.ts';
import { ignoreDuplicates } from './connect.ts';

export type { Alert };

/** The claim that lets exactly one process send an alert. */
export const sentClaim = (alertId: string) => `sent:${alertId}`;
/** Written once everything an alert implies is recorded: only its (batched) delete is left. */
export const doneMark = (alertId: string) => `done:${alertId}`;

/**
 * Adds alerts to the pending set. Ids are deterministic, so scheduling the same alert twice
 * (a resumed raise, two replicas replacing the same obsolete alert) adds it once; one added again
 * after it was sent is dropped when it falls due (the sweep finds its done mark).
 */
export async function scheduleAlerts(db: Db, alerts: readonly Alert[]): Promise<void> {
  if (alerts.length) await db.m.Alert.insertMany(alerts, { ordered: false }).catch(ignoreDuplicates);
}

/**
 * Pending alerts due at `now`, earliest first. MongoDB serves this from the `{dueAt: 1}` index;
 * FerretDB 1.24 scans the pending set, which holds only the next alert of each watched item.
 */
export async function dueAlerts(db: Db, now: Date, limit: number): Promise<Alert[]> {
  return (await db.m.Alert.find({ dueAt: { $lte: now } }).sort({ dueAt: 1 }).limit(limit).lean()) as unknown as Alert[];
}

/** One delete for many: on FerretDB 1.24 every delete and update scans the collection, even by `_id`. */
export async function deleteAlerts(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.m.Alert.deleteMany({ _id: { $in: ids } });
}

/**
 * Moves an alert's due time (a snoozed step); concurrent movers write the same value. Rare, so the
 * scan FerretDB makes for an update is acceptable here.
 */
export async function postponeAlert(db: Db, id: string, dueAt: Date): Promise<void> {
  await db.m.Alert.updateOne({ _id: id }, { $set: { dueAt } });
}
