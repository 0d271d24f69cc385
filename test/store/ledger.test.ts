import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/domain/timeline.ts';
import { raise } from '../../src/incidents/service.ts';
import { readLedger } from '../../src/store/ledger.ts';
import { AUDIT_KEY, origin, useAuditedDb } from '../audit/support.ts';

const t = useAuditedDb();

describe('the ledger of incidents', () => {
  it('gets one entry per incident, in one unbroken chain, when incidents are raised at once', async () => {
    const { core, audit } = await t.fresh();
    const raised = await Promise.all(Array.from({ length: 8 }, (_, i) => raise(core, { title: `Concurrent ${i}`, type: 'cyber-attack', criteria: { regions: 2 } }, origin)));
    const ledger = await readLedger(core.db);
    expect(verifyLedger(ledger.map((l) => l.entry), AUDIT_KEY)).toEqual({ ok: true, count: 8 });
    expect(new Set(ledger.map((l) => l.entry.incidentKey))).toEqual(new Set(raised.map((r) => r.incident.key)));
    expect((await audit()).report.ok).toBe(true);
  });
});
