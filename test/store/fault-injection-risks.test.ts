import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { resumeStale } from '../../src/recovery.ts';
import { ensureSeeded, readRegister, readRisk } from '../../src/risks/register.ts';
import { planReviewTick } from '../../src/plans/evergreen.ts';
import { riskTick } from '../../src/risks/reminders.ts';
import { addRisk, changeRisk, linkRisk, type RiskChange } from '../../src/risks/service.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { startTestDb } from '../support/core.ts';
import { count, crashHarness, dying, INPUT, origin, untilCrash } from '../support/faults.ts';
import type { CrashMode } from '../support/faults.ts';

// The crash-point test for the risk register (src/risks): a process dies before or after its Nth
// write; the recovery pass runs and the same request comes again (or the job runs again).
// Afterwards the change happened once: one new version with its who and why, one risk added, one
// reminder queued for a due date, the starting register seeded whole, one timeline event per link.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (risks)')));

const bob = { id: 'bob', name: 'Bob Placeholder' };
const FIELDS = { title: 'Strike at the port', category: 'supply_chain' as const, likelihood: 2, impact: 3, ownerRole: 'operations', mitigation: 'Second port contracted' };
const DAY = 86_400_000;

const CHANGES: Record<string, (n: number) => RiskChange> = {
  update: (n) => ({ kind: 'update', fields: { ...FIELDS, likelihood: (n % 5) + 1 }, reason: `reason ${n}` }),
  review: (n) => ({ kind: 'review', note: `note ${n}`, impact: (n % 5) + 1 }),
  retire: (n) => ({ kind: 'retire', reason: `retired ${n}` }),
};

describe('a crash at any write of the risk register', () => {
  it('of an add: the risk is added once', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-risk-add');
    await ensureSeeded(core);
    await everyCrashPoint('risk add', async (n, mode) => {
      const ev = `add-${mode}-${n}`;
      clock.advance(1000);
      const before = (await readRegister(core.db)).length;
      const dead = dying(core, n, mode);
      await untilCrash(() => addRisk(dead.core, { ...FIELDS, title: ev }, bob, { eventKey: ev, platform: 'shell' }));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      const r = await addRisk(core, { ...FIELDS, title: ev }, bob, { eventKey: ev, platform: 'shell' });
      const all = await readRegister(core.db);
      expect(all.length).toBe(before + 1);
      expect(all.filter((x) => x.title === ev)).toHaveLength(1);
      expect(r.versions).toHaveLength(1);
      // Still changeable: the next change is its version 2.
      expect((await changeRisk(core, r._id, CHANGES.update!(n), bob, `after-${ev}`)).v).toBe(2);
      return true;
    });
  });

  for (const [kind, change] of Object.entries(CHANGES)) {
    it(`of a ${kind}: one new version, and the risk can still be changed`, { timeout: 600_000 }, async () => {
      const { clock, core } = await world(`fault-risk-${kind}`);
      await everyCrashPoint(`risk ${kind}`, async (n, mode) => {
        const ev = `${kind}-${mode}-${n}`;
        clock.advance(1000);
        const made = await addRisk(core, { ...FIELDS, title: ev }, bob, { eventKey: `add-${ev}`, platform: 'shell' });
        const dead = dying(core, n, mode);
        await untilCrash(() => changeRisk(dead.core, made._id, change(n), bob, ev));
        if (!dead.crashed()) return false;
        clock.advance(31_000);
        await resumeStale(core);
        const done = await changeRisk(core, made._id, change(n), bob, ev);
        const r = (await readRisk(core.db, made._id))!;
        expect(r.versions.map((v) => v.kind)).toEqual(['created', kind === 'update' ? 'updated' : kind === 'review' ? 'reviewed' : 'retired']);
        expect(done.v).toBe(2);
        if (kind === 'retire') expect(r.status).toBe('retired');
        else expect((await changeRisk(core, made._id, CHANGES.update!(n + 1), bob, `after-${ev}`)).v).toBe(3);
        return true;
      });
    });
  }

  it('of a link: one version of the risk and one event in the incident timeline', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-risk-link', { small: true });
    const made = await addRisk(core, FIELDS, bob, { eventKey: 'add-link', platform: 'shell' });
    await everyCrashPoint('risk link', async (n, mode) => {
      const ev = `link-${mode}-${n}`;
      clock.advance(1000);
      const incident = (await raise(core, INPUT, origin(ev))).incident;
      const dead = dying(core, n, mode);
      await untilCrash(() => linkRisk(dead.core, incident, made._id, bob, ev));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      await linkRisk(core, (await findIncident(core.db, incident.key))!, made._id, bob, ev);
      expect(count(await readTimeline(core.db, incident.key), 'risk.linked')).toBe(1);
      const r = (await readRisk(core.db, made._id))!;
      expect(r.incidents.filter((k) => k === incident.key)).toHaveLength(1);
      expect(r.versions.filter((v) => v.incident === incident.key)).toHaveLength(1);
      return true;
    });
  });

  it('of a due reminder: queued once per due date, whatever dies', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-risk-remind');
    await ensureSeeded(core);
    await everyCrashPoint('risk reminder', async (n, mode) => {
      const ev = `remind-${mode}-${n}`;
      // Each crash point reviews a risk of its own due tomorrow, then lets the day pass.
      const made = await addRisk(core, { ...FIELDS, title: ev }, bob, { eventKey: `add-${ev}`, platform: 'shell', nextReviewAt: new Date(clock.now().getTime() + DAY) });
      clock.advance(DAY + 1000);
      const dead = dying(core, n, mode);
      await untilCrash(() => riskTick(dead.core));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      await riskTick(core);
      await riskTick(core);
      const entries = await core.db.m.Outbox.find({ incidentKey: `risk:${made._id}` }).lean();
      // operations is held by erin alone: one DM on the terminal.
      expect(entries.map((e) => e._id)).toEqual([`risk:${made._id}:remind:${made.nextReviewAt.getTime()}:shell:erin`]);
      expect((await readRisk(core.db, made._id))!.remindedFor?.getTime()).toBe(made.nextReviewAt.getTime());
      // Delivered entries are deleted: take it out as the dispatcher would, and the job queues nothing again.
      await core.db.m.Outbox.deleteMany({ incidentKey: { $regex: '^risk' } });
      return true;
    });
  });

  it('of a plan review reminder: queued once per week, whatever dies', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-plan-review');
    // reputation was due for review when the clock started; each crash point is a week later.
    const reviewed = new Date(clock.now().getTime() - 366 * DAY).toISOString().slice(0, 10);
    core.playbook = { ...core.playbook, plans: core.playbook.plans.map((p) => (p.id === 'reputation' ? { ...p, reviewed_at: reviewed } : p)) };
    const due = new Date(Date.parse(`${reviewed}T00:00:00Z`) + 365 * DAY).toISOString().slice(0, 10);
    const week = () => Math.floor((clock.now().getTime() - Date.parse(`${due}T00:00:00Z`)) / (7 * DAY));
    await everyCrashPoint('plan review reminder', async (n, mode) => {
      // Delivered entries are deleted (a run that did not crash left one too): take them out as the dispatcher would.
      await core.db.m.Outbox.deleteMany({ incidentKey: 'plan-review:reputation' });
      clock.advance(7 * DAY);
      const dead = dying(core, n, mode);
      await untilCrash(() => planReviewTick(dead.core));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      await planReviewTick(core);
      await planReviewTick(core);
      const entries = await core.db.m.Outbox.find({ incidentKey: 'plan-review:reputation' }).lean();
      // No owner named: the crisis lead, alice on the terminal; one DM for this week.
      expect(entries.map((e) => e._id)).toEqual([`plan-review:reputation:${due}:${week()}:shell:alice`]);
      return true;
    });
  });

  it('of the first seed: every starting risk once, however the first use died', { timeout: 600_000 }, async () => {
    let tried = 0;
    for (const mode of ['before', 'after'] as CrashMode[]) {
      for (let n = 1; n < 50; n++) {
        const { core } = await world(`fault-risk-seed-${mode}-${n}`);
        const dead = dying(core, n, mode);
        await untilCrash(() => ensureSeeded(dead.core as Core));
        if (!dead.crashed()) break;
        tried++;
        await ensureSeeded(core);
        const all = await readRegister(core.db);
        expect(all).toHaveLength(9);
        for (const r of all) expect(r.versions).toHaveLength(1);
        await core.db.close();
      }
    }
    // insertMany, then the seeded mark: two writes, each crashed before and after.
    expect(tried).toBe(4);
    console.log(`fault injection (risks seed): ${tried} crash points tried; all recovered`);
  });
});
