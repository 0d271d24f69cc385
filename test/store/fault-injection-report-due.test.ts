import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { raise } from '../../src/incidents/service.ts';
import { resumeStale } from '../../src/recovery.ts';
import { DEFAULT_REPORT_DUE_MS } from '../../src/report/due.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { pendingAlerts } from '../../src/store/alerts.ts';
import { startTestDb } from '../support/core.ts';
import { assertChangeable, assertConsistent, count, crashHarness, type CrashMode, deliverAll, dying, INPUT, origin, RecordingPort, untilCrash } from '../support/faults.ts';

// The crash-point test of the report's due time (src/report/due.ts): a process dies before or after
// its Nth write of the move into review — which schedules the report alert in the same operation —
// and of the sweep sending that alert. After recovery (and the platform's retry) the incident is in
// review once, with exactly one report ladder counted from that entry, and the reminder went out once.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (report due)')));

const alice = { id: 'alice', name: 'Alice Placeholder' };
const REASON = 'the open steps are tracked in the site log';

async function toResolve(core: Core, key: string) {
  for (const to of ['respond', 'resolve'] as const) await changePhase(core, (await findIncident(core.db, key))!, to, alice, `${to}-${key}`, REASON);
}
const reportAlerts = async (core: Core, key: string) => (await pendingAlerts(core.db)).filter((d) => d.alert.incidentKey === key && d.alert.kind === 'report').map((d) => d.alert);

describe('a crash at any write of the report falling due', () => {
  it('of the move into review: in review once, one report ladder counted from that entry', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-rd-review', { small: true });
    const look = async (i: Incident) => {
      const now = (await findIncident(core.db, i.key))!;
      const alerts = await reportAlerts(core, i.key);
      return {
        changes: count(await readTimeline(core.db, i.key), 'status.changed'),
        outbox: await core.db.m.Outbox.countDocuments({ incidentKey: i.key }),
        status: now.status,
        // The one ladder's first rung, relative to the entry the incident records.
        alerts: alerts.map((a) => [a.rung, a.cycle === now.reviewAt?.getTime(), a.dueAt.getTime() - (now.reviewAt?.getTime() ?? 0)]),
      };
    };
    const ref = (await raise(core, INPUT, origin('review-reference'))).incident;
    await toResolve(core, ref.key);
    const refBefore = await look(ref);
    await changePhase(core, (await findIncident(core.db, ref.key))!, 'review', alice, 'reference', REASON);
    const refAfter = await look(ref);
    expect(refAfter.alerts).toEqual([[0, true, DEFAULT_REPORT_DUE_MS]]);

    await everyCrashPoint('move into review', async (n, mode) => {
      const ev = `review-${mode}-${n}`;
      clock.advance(1000);
      const incident = (await raise(core, INPUT, origin(ev))).incident;
      await toResolve(core, incident.key);
      const before = await look(incident);
      const dead = dying(core, n, mode);
      await untilCrash(async () => changePhase(dead.core, (await findIncident(core.db, incident.key))!, 'review', alice, ev, REASON));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      await changePhase(core, (await findIncident(core.db, incident.key))!, 'review', alice, ev, REASON);
      const after = await look(incident);
      expect(after.changes - before.changes).toBe(refAfter.changes - refBefore.changes);
      expect(after.outbox - before.outbox).toBe(refAfter.outbox - refBefore.outbox);
      expect([after.status, after.alerts]).toEqual([refAfter.status, refAfter.alerts]);
      const { incident: now } = await assertConsistent(core, incident.key);
      await assertChangeable(core, now);
      return true;
    });
  });

  it('of the sweep sending the report reminder: recorded and sent once', { timeout: 600_000 }, async () => {
    // Each run on a database of its own: later runs must not sweep earlier runs' alerts.
    const run = async (ev: string, crash?: { n: number; mode: CrashMode }) => {
      const { clock, core } = await world(ev, { small: true });
      const port = new RecordingPort();
      const postsOf = (i: Incident) => port.posts.filter((p) => p.key?.startsWith(`${i.key}:`)).length;
      const { incident } = await raise(core, INPUT, origin(ev));
      await toResolve(core, incident.key);
      const enteredAt = core.now().getTime();
      await changePhase(core, (await findIncident(core.db, incident.key))!, 'review', alice, `${ev}-review`, REASON);
      // Whatever else falls due before the report (nothing is watched in review but its own work) goes first.
      clock.set(new Date(enteredAt + DEFAULT_REPORT_DUE_MS - 60_000));
      await sweep(core);
      await deliverAll(core, port, clock);
      const before = postsOf(incident);
      clock.set(new Date(enteredAt + DEFAULT_REPORT_DUE_MS + 1000));
      let crashed = false;
      if (crash) {
        const dead = dying(core, crash.n, crash.mode);
        await untilCrash(() => sweep(dead.core));
        crashed = dead.crashed();
      }
      clock.advance(31_000);
      await sweep(core);
      await deliverAll(core, port, clock);
      const alerts = (await readTimeline(core.db, incident.key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'report').map((e) => String(e.data.alert).replace(incident.key, 'KEY').replace(String(enteredAt), 'T'));
      const sent = postsOf(incident) - before;
      await core.db.conn.dropDatabase();
      await core.db.close();
      return { crashed, alerts, sent };
    };
    const reference = await run('rd-reference');
    expect(reference.alerts).toEqual(['alert:KEY:report:eT:r0']);
    // The lead (the small plans have no report step) by DM, and the notice in the war room.
    expect(reference.sent).toBe(2);
    await everyCrashPoint('report reminder sweep', async (n, mode) => {
      const r = await run(`rd-${mode}-${n}`, { n, mode });
      if (!r.crashed) return false;
      expect(r.alerts).toEqual(reference.alerts);
      expect(r.sent).toBe(reference.sent);
      return true;
    });
  });
});
