import { describe, expect, it } from 'vitest';
import { useTestCore } from '../support/core.ts';

const t = useTestCore();

describe('the embedded database (FerretDB built with the _id index patch)', () => {
  it('answers a lookup by _id from the index instead of scanning the table', async () => {
    await t.core.db.m.Dedup.create({ _id: 'probe:1', at: new Date() });
    const plan = (await t.core.db.m.Dedup.find({ _id: 'probe:1' }).explain()) as unknown as { queryPlanner: { Plan: string[] } };
    expect(plan.queryPlanner.Plan.join('\n')).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
  });
});
