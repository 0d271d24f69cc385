import { describe, expect, it } from 'vitest';
import { setLegalHold } from '../../src/evidence/hold.ts';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { claim, isClaimed } from '../../src/store/claims.ts';
import { saveDraft, findDraft } from '../../src/store/drafts.ts';
import { beginOp } from '../../src/store/ops.ts';
import { purge, RETENTION } from '../../src/store/retention.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { makeCore, testClock, useTestDb } from '../support/core.ts';

const t = useTestDb();
const DAY = 24 * 3_600_000;
const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };

describe('retention', () => {
  it('purges claims, drafts and failed outbox entries past their time, and never the record, an unfinished operation or a held incident', async () => {
    const clock = testClock(new Date('2026-11-01T10:00:00Z'));
    const core = await makeCore(await t.connect('retention'), { now: clock.now });
    const { db } = core;
    const { incident } = await raise(core, { title: 'Old fire', type: 'supply-chain', criteria: {} }, origin);
    await setStepDone(core, incident, 1, true, origin.reporter);
    const held = (await raise(core, { title: 'Held fire', type: 'supply-chain', criteria: {} }, origin)).incident;
    await db.m.Incident.updateOne({ _id: held.key }, { $set: { legalHold: true } });
    for (const i of [incident, held]) {
      await db.m.Outbox.create({ _id: `${i.key}:gone`, incidentKey: i.key, platform: 'shell', order: 0, stage: 0, effect: { kind: 'invite' }, status: 'failed', attempts: 1, nextAttemptAt: clock.now(), createdAt: clock.now() });
    }
    await saveDraft(db, { _id: 'old-draft', command: 'raise', values: { title: 'half typed' }, user: 'rita', createdAt: clock.now() });
    await beginOp(db, 'op:unfinished', 'tick', { n: 1 });
    const events = (await readTimeline(db, incident.key)).length;
    const claimsBefore = await db.m.Dedup.countDocuments({});

    clock.advance(RETENTION.claimsMs - DAY);
    await claim(db, 'fresh-claim');
    await saveDraft(db, { _id: 'new-draft', command: 'raise', values: {}, user: 'rita', createdAt: clock.now() });
    expect(await purge(db)).toEqual({ claims: 0, drafts: 1, failed: 0 });

    clock.advance(RETENTION.failedMs);
    const r = await purge(db);
    expect(r.claims).toBe(claimsBefore + 1);
    expect(r.failed).toBe(1);
    expect(await isClaimed(db, 'fresh-claim')).toBe(false);
    expect(await findDraft(db, 'new-draft')).toBeNull();
    expect(await db.m.Outbox.exists({ _id: `${held.key}:gone` })).toBeTruthy();
    expect(await db.m.Outbox.exists({ _id: `${incident.key}:gone` })).toBeNull();
    expect(await db.m.Op.exists({ _id: 'op:unfinished' })).toBeTruthy();
    expect((await readTimeline(db, incident.key)).length).toBe(events);
    // Everything still works on a purged store: the step can be ticked again.
    expect((await setStepDone(core, incident, 1, false, origin.reporter)).changed).toBe(true);
    await db.close();
  });

  it('keeps a held incident\'s bookkeeping through every purge, and lets it go once the hold is cleared', async () => {
    const clock = testClock(new Date('2026-11-01T10:00:00Z'));
    const core = await makeCore(await t.connect('retention_hold'), { now: clock.now });
    const { db } = core;
    const { incident } = await raise(core, { title: 'Held fire', type: 'supply-chain', criteria: {} }, origin);
    const by = { by: 'Dana Counsel' };
    expect((await setLegalHold(core, incident, { on: true, reason: 'Litigation expected', ...by })).changed).toBe(true);
    await db.m.Outbox.create({ _id: `${incident.key}:gone`, incidentKey: incident.key, platform: 'shell', order: 0, stage: 0, effect: { kind: 'invite' }, status: 'failed', attempts: 1, nextAttemptAt: clock.now(), createdAt: clock.now() });
    for (let i = 0; i < 3; i++) {
      clock.advance(RETENTION.failedMs);
      expect((await purge(db)).failed).toBe(0);
    }
    expect(await db.m.Outbox.exists({ _id: `${incident.key}:gone` })).toBeTruthy();
    expect((await setLegalHold(core, incident, { on: false, reason: 'Claim settled', ...by })).changed).toBe(true);
    expect((await purge(db)).failed).toBe(1);
    expect(await db.m.Outbox.exists({ _id: `${incident.key}:gone` })).toBeNull();
    // The record stays whatever the hold: both changes are in the timeline.
    expect((await readTimeline(db, incident.key)).filter((e) => e.type.startsWith('legal.hold.')).map((e) => [e.type, e.data.reason])).toEqual([
      ['legal.hold.set', 'Litigation expected'],
      ['legal.hold.cleared', 'Claim settled'],
    ]);
    await db.close();
  });
});
