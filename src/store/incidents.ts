import { dayPrefix, incidentKey } from '../domain/naming.ts';
import type { Incident } from './records.ts';
import type { Db } from './connect.ts';
import { isDuplicateKey } from './connect.ts';

export type { Incident };

/**
 * Inserts the incident under the next free key of its day. The unique index on `key`
 * decides between concurrent raises: a loser moves on to the next number.
 */
export async function insertWithNextKey(db: Db, at: Date, fields: Omit<Incident, 'key'>): Promise<Incident> {
  const prefix = dayPrefix(at);
  const last = await db.m.Incident.findOne({ key: { $regex: `^${prefix}` } }).sort({ key: -1 }).select({ key: 1 }).lean();
  let n = last ? Number(last.key.slice(prefix.length)) + 1 : 1;
  for (let attempt = 0; attempt < 1000; attempt++, n++) {
    const key = incidentKey(at, n);
    try {
      const doc = await db.m.Incident.create({ ...fields, key });
      return doc.toObject() as unknown as Incident;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error(`no free incident key on ${prefix}`);
}

export async function findIncident(db: Db, key: string): Promise<Incident | null> {
  return (await db.m.Incident.findOne({ key }).lean()) as unknown as Incident | null;
}
