import { describe, expect, it } from 'vitest';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { auditTimeline } from '../../src/store/timeline.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore();

const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };

async function incidentWithHistory() {
  const { incident } = await raise(t.core, { title: 'Audited', type: 'cyber-attack', criteria: { regions: 2 } }, origin);
  await setStepDone(t.core, incident, 1, true, { id: 'a', name: 'Ann' });
  await setStepDone(t.core, incident, 2, true, { id: 'b', name: 'Ben' });
  await setStepDone(t.core, incident, 1, false, { id: 'a', name: 'Ann' });
  return incident.key;
}

describe('timeline hash chain audit', () => {
  it('reports OK for an untouched timeline', async () => {
    const key = await incidentWithHistory();
    expect(await auditTimeline(t.core.db, key)).toEqual({ ok: true, count: 4 });
  });

  it('catches an event edited directly in the database, naming it', async () => {
    const key = await incidentWithHistory();
    await t.core.db.conn.collection('timeline').updateOne({ incidentKey: key, seq: 3 }, { $set: { actor: 'Mallory' } });
    expect(await auditTimeline(t.core.db, key)).toEqual({ ok: false, seq: 3, problem: 'content does not match its hash' });
  });

  it('catches an event removed from the middle', async () => {
    const key = await incidentWithHistory();
    await t.core.db.conn.collection('timeline').deleteOne({ incidentKey: key, seq: 2 });
    expect(await auditTimeline(t.core.db, key)).toMatchObject({ ok: false, seq: 2 });
  });
});
