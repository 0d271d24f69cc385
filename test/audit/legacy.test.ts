import { describe, expect, it } from 'vitest';
import { hashEvent } from '../../src/domain/timeline.ts';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { adoptUnledgered } from '../../src/store/adopt.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { ann, eventDocId, incidentWithHistory, origin, useAuditedDb } from './support.ts';

const t = useAuditedDb();

/** A database written before the audit key existed, then opened with it (as after an upgrade). */
async function upgraded(name: string) {
  const before = await t.fresh({ keyed: false, name });
  const old = await incidentWithHistory(before.core, 'Before the key');
  const after = await t.fresh({ name });
  return { before, after, old };
}

describe('crisis-bot audit: events from before the audit key', () => {
  it('adopts incidents older than the key into the ledger, and their plain events still verify', async () => {
    const { after, old } = await upgraded(`legacy_ok_${process.pid}`);
    expect(await adoptUnledgered(after.core.db)).toEqual({ adopted: [old.key], refused: [] });
    // Adoption happens once per database.
    expect(await adoptUnledgered(after.core.db)).toEqual({ adopted: [], refused: [] });
    await setStepDone(after.core, (await findIncident(after.core.db, old.key))!, 3, true, ann);
    const fresh = await raise(after.core, { title: 'After the key', type: 'cyber-attack', criteria: { regions: 2 } }, origin);
    const { report, text } = await after.audit();
    expect(report.ok).toBe(true);
    expect(text).toContain(`${old.key}: OK — 5 events, hash chain intact, 4 of them from before the audit key, ledger entry 1, anchored at event 5`);
    expect(text).toContain(`${fresh.incident.key}: OK — 1 event, hash chain intact, ledger entry 2`);
  });

  it('finds a plain-hashed event appended to an adopted incident after its adopted head', async () => {
    const { after, old } = await upgraded(`legacy_forged_${process.pid}`);
    await adoptUnledgered(after.core.db);
    const head = (await after.raw('timeline').findOne({ _id: eventDocId(old.key, 4) } as never))!;
    const draft = { incidentKey: old.key, seq: 5, at: new Date(), type: 'step.done', actor: 'Mallory', data: { n: 3 }, prevHash: head.hash as string };
    await after.raw('timeline').insertOne({ _id: eventDocId(old.key, 5), ...draft, hash: hashEvent(draft) } as never);
    const { text } = await after.audit();
    expect(text).toContain(`${old.key} event 5 [chain.unkeyed]`);
  });

  it('refuses to adopt an unkeyed incident once keyed ones exist, and the audit names it', async () => {
    const name = `legacy_late_${process.pid}`;
    const keyed = await t.fresh({ name });
    await incidentWithHistory(keyed.core, 'Keyed');
    const sneaky = await t.fresh({ keyed: false, name });
    const { incident } = await raise(sneaky.core, { title: 'Written without the key', type: 'cyber-attack', criteria: { regions: 2 } }, origin);
    expect(await adoptUnledgered(keyed.core.db)).toEqual({ adopted: [], refused: [incident.key] });
    const { text } = await keyed.audit();
    expect(text).toContain(`${incident.key} event 1 [ledger.unknown]: ${incident.key} is in the database with 1 event, and the ledger has no entry for it`);
  });
});
