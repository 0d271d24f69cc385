import { describe, expect, it } from 'vitest';
import { eventDocId, incidentWithHistory, useAuditedDb } from './support.ts';

const t = useAuditedDb();

describe('what crisis-bot audit looks at', () => {
  it('with --since, only incidents raised since then (the ledger always whole)', async () => {
    const { core, audit, raw, clock } = await t.fresh();
    const old = await incidentWithHistory(core, 'Old');
    clock.advance(2 * 24 * 3600_000);
    const since = clock.now();
    const recent = await incidentWithHistory(core, 'Recent');
    await raw('timeline').deleteOne({ _id: eventDocId(old.key, 4) } as never);
    const scoped = await audit({ since });
    expect(scoped.report.incidents.map((r) => r.key)).toEqual([recent.key]);
    expect(scoped.report.ok).toBe(true);
    expect(scoped.text).toContain(`raised since ${since.toISOString()}`);
    expect((await audit()).report.ok).toBe(false);
  });

  it('names a key nothing knows as a finding', async () => {
    const { core, audit } = await t.fresh();
    await incidentWithHistory(core);
    const { report, text } = await audit({ only: 'INC-20200101-001' });
    expect(report.ok).toBe(false);
    expect(text).toContain('INC-20200101-001 [incident.unknown]: INC-20200101-001 is not in the database, its timeline, the ledger or the anchors');
  });
});
