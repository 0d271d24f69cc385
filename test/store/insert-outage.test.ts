// Batched inserts that meet a lost connection fail, rather than pass for "every document was already
// recorded": the driver reports the drop as a bulk-write error with no write errors at all, which the
// duplicate check once took for all duplicates — the outbox entries, claims and signals then counted
// as stored though nothing was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimMany } from '../../src/store/claims.ts';
import { insertEntries } from '../../src/store/outbox.ts';
import { insertSignals } from '../../src/store/signals.ts';
import { connectDb, startTestDb } from '../support/core.ts';
import { answering, outageProxy } from '../adapters/outage-proxy.ts';

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

describe('an unordered insert when the database drops away', () => {
  it('rejects, and once the database is back the same insert records everything', async () => {
    const proxy = await outageProxy(server.local.uri.replace(/\/crisis$/, '/insert_outage'));
    const db = await connectDb(proxy.uri, { serverSelectionTimeoutMS: 300 });
    try {
      expect(await claimMany(db, ['k:1'])).toEqual(new Set());
      const now = new Date();
      const entry = { _id: 'e:1', incidentKey: 'INC-1', platform: 'shell', order: 1, stage: 0, effect: { kind: 'post-summary' }, status: 'pending' as const, attempts: 0, nextAttemptAt: now, createdAt: now };
      const signal = { _id: 's:1', source: 'probe', metric: 'm', value: 1, at: now, dedupKey: 'd', receivedAt: now, batch: 'B-1' };
      proxy.cut();
      await expect(db.conn.db!.admin().ping()).rejects.toThrow();
      await expect(claimMany(db, ['k:1', 'k:2'])).rejects.toThrow();
      await expect(insertEntries(db, [entry as never])).rejects.toThrow();
      await expect(insertSignals(db, [signal as never])).rejects.toThrow();
      proxy.restore();
      await answering(db.conn);
      expect(await claimMany(db, ['k:1', 'k:2'])).toEqual(new Set(['k:1']));
      await insertEntries(db, [entry as never]);
      expect(await insertSignals(db, [signal as never])).toEqual(new Set());
      expect(await db.m.Outbox.countDocuments({ _id: 'e:1' })).toBe(1);
    } finally {
      await db.close();
      await proxy.stop();
    }
  });
});
