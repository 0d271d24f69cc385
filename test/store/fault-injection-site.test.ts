import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { changeSite, showSiteCard } from '../../src/site/service.ts';
import { pendingAlerts } from '../../src/store/alerts.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { cardAskedOnce, cardDeliveredOnce } from '../support/card-crash.ts';
import { crashResumeCompare, sweepSendCompare } from '../support/crash-compare.ts';
import { deliverAll, useCrashHarness } from '../support/faults.ts';

// The crash-point test for the Site card (src/site/service.ts): a process dies at its Nth write,
// before or after it; the recovery pass runs and the platform delivers the same request again.
// Afterwards the change happened once: its timeline events, one set of outbox entries, the record
// changed once, the lead's first missing-people alert scheduled once. Then the card's delivery
// (posted once, then edited) and the sweep sending the lead's alert (recorded and sent once).

const harness = useCrashHarness('fault injection (site)');

const erin = { id: 'erin', name: 'Erin Placeholder' };

type Path = { setup?: (core: Core, i: Incident) => Promise<void>; act: (core: Core, i: Incident, ev: string) => Promise<unknown>; refused?: true };
const dave = { id: 'dave', name: 'Dave Placeholder' };

const siteAlerts = async (core: Core, key: string) => (await pendingAlerts(core.db)).filter((d) => d.alert.incidentKey === key && d.alert.kind === 'site').map((d) => d.alert._id.replace(key, 'KEY'));

const PATHS: Record<string, Path> = {
  'form with post, count and note (people missing)': {
    act: (core, i, ev) => changeSite(core, i, { do: 'edit', post: { where: 'Gate 3', commander: erin, seen: 0 }, evac: { expected: 40, accounted: 37, seen: 0 }, watch: 'smoke drifting east' }, erin, ev),
  },
  // Refused (Dave's newer count is kept): the one write records what Erin was shown, nothing else.
  'form over a newer count': {
    refused: true,
    setup: async (core, i) => {
      await changeSite(core, i, { do: 'edit', evac: { expected: 40, accounted: 30 } }, erin, `count-${i.key}`);
      await changeSite(core, (await findIncident(core.db, i.key))!, { do: 'edit', evac: { expected: 40, accounted: 35 } }, dave, `newer-${i.key}`);
    },
    act: (core, i, ev) => changeSite(core, i, { do: 'edit', evac: { expected: 40, accounted: 32, seen: 1 } }, erin, ev),
  },
  'area added': { act: (core, i, ev) => changeSite(core, i, { do: 'area-add', name: 'Warehouse B' }, erin, ev) },
  'area removed': {
    setup: async (core, i) => void (await changeSite(core, i, { do: 'area-add', name: 'Warehouse B' }, erin, `add-${i.key}`)),
    act: (core, i, ev) => changeSite(core, i, { do: 'area-remove', id: 'A1' }, erin, ev),
  },
};

describe('a crash at any write of the Site card', () => {
  for (const [path, p] of Object.entries(PATHS)) {
    it(`of a ${path}: finished once, and the incident can still be changed`, { timeout: 600_000 }, async () => {
      const look = async (core: Core, key: string) => {
        const i = (await findIncident(core.db, key))!;
        const types = (await readTimeline(core.db, key)).filter((e) => e.type.startsWith('site.')).map((e) => e.type);
        const s = i.site;
        return {
          events: types.length,
          // The whole list, not only its length: the same events in the same order as the reference.
          types,
          outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }),
          state: s ? { post: s.post.map((x) => [x.v, x.where]), evac: s.evac.map((x) => [x.v, x.accounted]), areas: s.areas.map((a) => a.id), watch: s.watch.map((w) => w.n), episode: s.episode, shown: s.shown } : undefined,
          alerts: await siteAlerts(core, key),
        };
      };
      const ref = await crashResumeCompare(harness, path, { ...p, act: p.act, look }, { world: `fault-s-${path.split(' ')[0]}-${path.length}` });
      if (p.refused) expect(ref.after.state?.shown).toEqual({ erin: { evac: 2 } });
      else expect(ref.after.outbox).toBeGreaterThan(ref.before.outbox);
    });
  }

  it('of asking for the card: queued once whether the one write died before or after', () =>
    cardAskedOnce(harness, { world: 'fault-s-ask', effect: 'site-card', ask: (core, i, ev) => showSiteCard(core, i, ev) }));

  it("of the card's delivery: posted once (found again by its key), its message recorded, later changes edit it", { timeout: 600_000 }, () =>
    cardDeliveredOnce(harness, {
      world: 'fault-s-card',
      titled: (title, key) => !!title?.endsWith(`Site — ${key}`),
      change: (core, i, ev, second) => changeSite(core, i, second ? { do: 'area-add', name: 'Yard' } : { do: 'edit', watch: 'first note' }, erin, ev),
      messageOf: (i) => i.siteMessage?.id,
    }));

  it("of the sweep sending the lead's missing-people alert: recorded and sent once", { timeout: 600_000 }, async () => {
    const reference = await sweepSendCompare(harness, 'site sweep', {
      world: { small: true },
      kind: 'site',
      prepare: async (core, incident, clock, port) => {
        await changeSite(core, (await findIncident(core.db, incident.key))!, { do: 'edit', evac: { expected: 10, accounted: 8 } }, erin, `${incident.key}-count`);
        await deliverAll(core, port, clock);
        clock.advance(1000);
      },
      extra: siteAlerts,
    });
    expect(reference.alerts).toEqual(['alert:KEY:site:e1:r0']);
    // The lead by DM, and the notice in the war room; the next reminder waits 30 min.
    expect(reference.sent).toBe(2);
    expect(reference.extra).toEqual(['alert:KEY:site:e1:r1']);
  });
});
