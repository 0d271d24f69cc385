import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { resumeStaleHolds, setLegalHold } from '../../src/evidence/hold.ts';
import { raise } from '../../src/incidents/service.ts';
import { resumeStale } from '../../src/recovery.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { startTestDb } from '../support/core.ts';
import { assertChangeable, assertConsistent, count, crashHarness, dying, INPUT, origin, untilCrash } from '../support/faults.ts';

// The crash-point test for the legal hold (src/evidence/hold.ts): `crisis-bot hold` dies at its Nth
// write, before or after it; a recovery pass runs (the bot's, or the next `crisis-bot hold`'s own)
// and the same change is asked for again (the same delivery, or a new command line). Afterwards the hold changed once: one timeline event,
// one summary redraw queued, the flag as asked, and the incident still changeable.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (legal hold)')));

/** `fresh`: the retry is a new invocation with a key of its own, as a re-typed `crisis-bot hold` is. */
type Path = { on: boolean; event: string; setup?: (core: Core, i: Incident) => Promise<void>; recover: (core: Core) => Promise<number>; retry: 'same' | 'fresh' };

const BY = 'Dana Counsel';
const PATHS: Record<string, Path> = {
  'hold set, the bot recovers': { on: true, event: 'legal.hold.set', recover: resumeStale, retry: 'same' },
  'hold cleared, the next hold command recovers': {
    on: false,
    event: 'legal.hold.cleared',
    setup: async (core, i) => void (await setLegalHold(core, i, { on: true, reason: 'Litigation expected', by: BY }, `set-${i.key}`)),
    recover: resumeStaleHolds,
    retry: 'fresh',
  },
};

describe('a crash at any write of a legal hold change', () => {
  for (const [path, p] of Object.entries(PATHS)) {
    it(`of a ${path}: finished once, and the incident can still be changed`, { timeout: 600_000 }, async () => {
      const { clock, core } = await world(`fault-${path}`, { small: true });
      const change = { on: p.on, reason: 'Counsel asked', by: BY };
      const look = async (key: string) => {
        const i = (await findIncident(core.db, key))!;
        return { events: count(await readTimeline(core.db, key), p.event), outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }), held: Boolean(i.legalHold) };
      };

      const ref = (await raise(core, INPUT, origin(`${path}-reference`))).incident;
      await p.setup?.(core, ref);
      const refBefore = await look(ref.key);
      await setLegalHold(core, ref, change, 'reference');
      const refAfter = await look(ref.key);
      expect(refAfter).toEqual({ events: refBefore.events + 1, outbox: refBefore.outbox + 1, held: p.on });

      await everyCrashPoint(path, async (n, mode) => {
        const ev = `${path}-${mode}-${n}`;
        clock.advance(1000);
        const incident = (await raise(core, INPUT, origin(ev))).incident;
        await p.setup?.(core, incident);
        const before = await look(incident.key);
        const dead = dying(core, n, mode);
        await untilCrash(async () => setLegalHold(dead.core, incident, change, ev));
        if (!dead.crashed()) return false;
        clock.advance(31_000);
        await p.recover(core);
        await setLegalHold(core, incident, change, p.retry === 'same' ? ev : undefined);
        const after = await look(incident.key);
        expect(after.events - before.events).toBe(1);
        expect(after.outbox - before.outbox).toBe(1);
        expect(after.held).toBe(p.on);
        const { incident: now } = await assertConsistent(core, incident.key);
        await assertChangeable(core, now);
        return true;
      });
    });
  }
});
