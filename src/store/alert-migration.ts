import type { Db } from './connect.ts';
import { scheduleAlerts, toAlert } from './alerts.ts';

/*
 * Earlier versions kept pending alerts in one collection per due minute (`alerts_YYYYMMDDHHmm`,
 * UTC) and, before that, in a single `alerts` collection. On start (and every few minutes after,
 * for a rolling upgrade) their alerts move into the slots: insert first, then delete by `_id`,
 * then drop the emptied collection. A crash at any point repeats harmlessly: the insert meets
 * its own duplicate (ignored), and an alert present in both places is a copy, which the claims
 * make harmless. Replicas migrating at once do the same writes.
 *
 * A process of the previous version may still be running (a rolling upgrade): it inserts into
 * the bucket of the current minute or a later one, and drops a bucket only once its minute ended
 * more than 10 minutes ago, re-inserting an alert whose insert returned later than 5 minutes
 * after its minute. So a bucket is dropped here only under that same rule; a younger one is
 * emptied and left for a later run, and the old version keeps sweeping what it still writes.
 */
const OLD_BUCKET = /^alerts_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const LEGACY = 'alerts';
/** The previous version's DROP_MARGIN_MS. */
const OLD_DROP_MARGIN_MS = 10 * 60_000;
const CHUNK = 1_000;

export type Migration = { moved: number; dropped: string[] };

/** Start of an old bucket's minute (ms since the epoch), or undefined for any other name. */
function bucketStart(name: string): number | undefined {
  const m = OLD_BUCKET.exec(name);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) : undefined;
}

/** Moves the alerts of every old bucket and of the legacy collection into the slots; drops those emptied. */
export async function migrateOldAlerts(db: Db, clock: () => Date): Promise<Migration> {
  const raw = db.conn.db!;
  const listed = await raw.listCollections({ name: { $regex: '^alerts(_\\d{12})?$' } }, { nameOnly: true }).toArray();
  const names = listed.map((c) => c.name).filter((n) => n === LEGACY || bucketStart(n) !== undefined).sort();
  const result: Migration = { moved: 0, dropped: [] };
  for (const name of names) {
    const old = raw.collection<{ _id: string }>(name);
    const alerts = (await old.find({}).toArray()).map((d) => toAlert(d as unknown as Record<string, unknown>));
    for (let i = 0; i < alerts.length; i += CHUNK) {
      const chunk = alerts.slice(i, i + CHUNK);
      await scheduleAlerts(db, chunk, clock);
      // Then the old copies, each by `_id`, in one round trip.
      await old.bulkWrite(chunk.map((a) => ({ deleteOne: { filter: { _id: a._id } } })), { ordered: false });
      result.moved += chunk.length;
    }
    const start = bucketStart(name);
    const droppable = start === undefined || start + 60_000 <= clock().getTime() - OLD_DROP_MARGIN_MS;
    if (!droppable || (await old.findOne({}, { projection: { _id: 1 } }))) continue;
    await raw.dropCollection(name).catch((err: { code?: number }) => {
      // Another replica dropped it first.
      if (err.code !== 26) throw err;
    });
    result.dropped.push(name);
  }
  return result;
}
