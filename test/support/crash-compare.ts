import { expect } from 'vitest';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { resumeStale } from '../../src/recovery.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { assertChangeable, assertConsistent, type crashHarness, dying, INPUT, origin, untilCrash } from './faults.ts';

/** What a test reads of one incident before and after the change: counted events and outbox entries, and whatever else it compares. */
export type Look = { events: number; outbox: number } & Record<string, unknown>;

/** One write path of a crash-point test: a change made to a freshly raised incident. */
export type CrashPath = {
  /** What the incident needs before the change (made by the live process, never crashed). */
  setup?: (core: Core, i: Incident) => Promise<unknown>;
  /** The change, as the platform delivers it under the key `ev` (the incident as just read). */
  act: (core: Core, i: Incident, ev: string) => Promise<unknown>;
  look: (core: Core, key: string) => Promise<Look>;
  /** The recovery pass after the crash: the bot's (default), or another entry point's own. */
  recover?: (core: Core) => Promise<unknown>;
  /** `fresh`: the change is asked for again under a key of its own (a re-typed command line), not the same delivery. */
  retry?: 'same' | 'fresh';
};

/** How many crash points run at once, each lane on its own database (see everyCrashPoint). */
export const LANES = 3;

/**
 * The check every per-change crash-point test repeats: the change made once without a crash (the
 * reference), then for every crash point N, before and after the Nth write, on a new incident: a
 * process dies there, the recovery pass runs, the change is delivered again — and it then
 * added the same events and outbox entries as the reference, left the same state (everything else
 * `look` returns), no operation unfinished, and the incident can still be changed. Returns the
 * reference's looks for the test's own checks of what one change does.
 */
export async function crashResumeCompare(harness: ReturnType<typeof crashHarness>, path: string, p: CrashPath, opts: { world?: string } = {}) {
  const name = opts.world ?? `fault-${path}`;
  const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => harness.world(`${name}-${i}`, { small: true })));
  const fresh = async (core: Core, ev: string) => {
    const incident = (await raise(core, INPUT, origin(ev))).incident;
    await p.setup?.(core, incident);
    return incident;
  };
  const reread = async (core: Core, i: Incident) => (await findIncident(core.db, i.key))!;

  const { core: refCore } = lanes[0]!;
  const ref = await fresh(refCore, `${path}-reference`);
  const refBefore = await p.look(refCore, ref.key);
  await p.act(refCore, await reread(refCore, ref), 'reference');
  const refAfter = await p.look(refCore, ref.key);
  const { events: _e, outbox: _o, ...refState } = refAfter;

  await harness.everyCrashPoint(
    path,
    async (n, mode, lane) => {
      const { clock, core } = lanes[lane]!;
      const ev = `${path}-${mode}-${n}`;
      clock.advance(1000);
      const incident = await fresh(core, ev);
      const before = await p.look(core, incident.key);
      const dead = dying(core, n, mode);
      await untilCrash(async () => p.act(dead.core, await reread(core, incident), ev));
      if (!dead.crashed()) return false;
      // Past the dead process's lease: the recovery pass takes its operation over.
      clock.advance(31_000);
      await (p.recover ?? resumeStale)(core);
      await p.act(core, await reread(core, incident), p.retry === 'fresh' ? `${ev}-again` : ev);
      const { events, outbox, ...state } = await p.look(core, incident.key);
      expect(events - before.events).toBe(refAfter.events - refBefore.events);
      expect(outbox - before.outbox).toBe(refAfter.outbox - refBefore.outbox);
      expect(state).toEqual(refState);
      const { incident: now } = await assertConsistent(core, incident.key);
      await assertChangeable(core, now);
      return true;
    },
    { lanes: LANES },
  );
  return { before: refBefore, after: refAfter };
}
