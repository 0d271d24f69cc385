import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { DEFAULT_REPORT_DUE_MS } from '../../src/report/due.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { pendingAlerts } from '../../src/store/alerts.ts';
import { crashResumeCompare, sweepSendCompare } from '../support/crash-compare.ts';
import { count, deliverAll, useCrashHarness } from '../support/faults.ts';

// The crash-point test of the report's due time (src/report/due.ts): a process dies before or after
// its Nth write of the move into review — which schedules the report alert in the same operation —
// and of the sweep sending that alert. After recovery (and the platform's retry) the incident is in
// review once, with exactly one report ladder counted from that entry, and the reminder went out once.

const harness = useCrashHarness('fault injection (report due)');

const alice = { id: 'alice', name: 'Alice Placeholder' };
const REASON = 'the open steps are tracked in the site log';

async function toResolve(core: Core, key: string) {
  for (const to of ['respond', 'resolve'] as const) await changePhase(core, (await findIncident(core.db, key))!, to, alice, `${to}-${key}`, REASON);
}
const reportAlerts = async (core: Core, key: string) => (await pendingAlerts(core.db)).filter((d) => d.alert.incidentKey === key && d.alert.kind === 'report').map((d) => d.alert);

describe('a crash at any write of the report falling due', () => {
  it('of the move into review: in review once, one report ladder counted from that entry', { timeout: 600_000 }, async () => {
    const look = async (core: Core, key: string) => {
      const now = (await findIncident(core.db, key))!;
      const alerts = await reportAlerts(core, key);
      return {
        events: count(await readTimeline(core.db, key), 'status.changed'),
        outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }),
        status: now.status,
        // The one ladder's first rung, relative to the entry the incident records.
        alerts: alerts.map((a) => [a.rung, a.cycle === now.reviewAt?.getTime(), a.dueAt.getTime() - (now.reviewAt?.getTime() ?? 0)]),
      };
    };
    const ref = await crashResumeCompare(harness, 'move into review', {
      setup: (core, i) => toResolve(core, i.key),
      act: (core, i, ev) => changePhase(core, i, 'review', alice, ev, REASON),
      look,
    });
    expect(ref.after.alerts).toEqual([[0, true, DEFAULT_REPORT_DUE_MS]]);
  });

  it('of the sweep sending the report reminder: recorded and sent once', { timeout: 600_000 }, async () => {
    let enteredAt = 0;
    const reference = await sweepSendCompare(harness, 'report reminder sweep', {
      world: { small: true },
      kind: 'report',
      prepare: async (core, incident, clock, port) => {
        await toResolve(core, incident.key);
        enteredAt = core.now().getTime();
        await changePhase(core, (await findIncident(core.db, incident.key))!, 'review', alice, `${incident.key}-review`, REASON);
        // Whatever else falls due before the report (nothing is watched in review but its own work) goes first.
        clock.set(new Date(enteredAt + DEFAULT_REPORT_DUE_MS - 60_000));
        await sweep(core);
        await deliverAll(core, port, clock);
        clock.set(new Date(enteredAt + DEFAULT_REPORT_DUE_MS + 1000));
      },
    });
    expect(reference.alerts).toEqual([`alert:KEY:report:e${enteredAt}:r0`]);
    // The lead (the small plans have no report step) by DM, and the notice in the war room.
    expect(reference.sent).toBe(2);
  });
});
