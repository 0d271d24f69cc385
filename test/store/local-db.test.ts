import { describe, expect, it } from 'vitest';
import { externalUri, useTestCore } from '../support/core.ts';

const t = useTestCore();

describe('lookups by _id, the store’s hot path', () => {
  it('are answered from the index instead of scanning the collection (embedded: FerretDB built with the _id index patch)', async () => {
    await t.core.db.m.Dedup.create({ _id: 'probe:1', at: new Date() });
    const plan = (await t.core.db.m.Dedup.find({ _id: 'probe:1' }).explain()) as unknown as { queryPlanner: { Plan: string[] } };
    if (externalUri()) {
      // MongoDB (IDHACK / EXPRESS_IXSCAN / IXSCAN on _id_), DocumentDB and Cosmos DB word their plans differently; none scans.
      expect(JSON.stringify(plan)).not.toMatch(/COLLSCAN/);
    } else {
      expect(plan.queryPlanner.Plan.join('\n')).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    }
  });
});
