import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { resumeStaleHolds, setLegalHold } from '../../src/evidence/hold.ts';
import { resumeStale } from '../../src/recovery.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { crashResumeCompare } from '../support/crash-compare.ts';
import { count, useCrashHarness } from '../support/faults.ts';

// The crash-point test for the legal hold (src/evidence/hold.ts): `crisis-bot hold` dies at its Nth
// write, before or after it; a recovery pass runs (the bot's, or the next `crisis-bot hold`'s own)
// and the same change is asked for again (the same delivery, or a new command line). Afterwards the hold changed once: one timeline event,
// one summary redraw queued, the flag as asked, and the incident still changeable.

const harness = useCrashHarness('fault injection (legal hold)');

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
      const change = { on: p.on, reason: 'Counsel asked', by: BY };
      const look = async (core: Core, key: string) => {
        const i = (await findIncident(core.db, key))!;
        return { events: count(await readTimeline(core.db, key), p.event), outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }), held: Boolean(i.legalHold) };
      };
      // After every crash point: one event, one summary redraw queued, and the flag as asked, as here.
      const ref = await crashResumeCompare(harness, path, { ...p, act: (core, i, ev) => setLegalHold(core, i, change, ev), look });
      expect(ref.after).toEqual({ events: ref.before.events + 1, outbox: ref.before.outbox + 1, held: p.on });
    });
  }
});
