import { expect } from 'vitest';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { resumeStale } from '../../src/recovery.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import type { testClock } from './core.ts';
import { assertChangeable, assertConsistent, type crashHarness, type CrashMode, deliverAll, dying, INPUT, origin, RecordingPort, untilCrash } from './faults.ts';

/** What a test reads of one incident before and after the change: counted events and outbox entries, and whatever else it compares. */
export type Look = { events: number; outbox: number } & Record<string, unknown>;

/** One write path of a crash-point test: a change made to a freshly raised incident. */
export type CrashPath<L extends Look = Look> = {
  /** What the incident needs before the change (made by the live process, never crashed). */
  setup?: (core: Core, i: Incident) => Promise<unknown>;
  /** The change, as the platform delivers it under the key `ev` (the incident as just read). */
  act: (core: Core, i: Incident, ev: string) => Promise<unknown>;
  look: (core: Core, key: string) => Promise<L>;
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
export async function crashResumeCompare<L extends Look>(harness: ReturnType<typeof crashHarness>, path: string, p: CrashPath<L>, opts: { world?: string } = {}): Promise<{ before: L; after: L }> {
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

/** One alert path of a sweep crash-point test: a fresh incident brought up to its alert falling due. */
export type SweepPath = {
  /** What leads to the alert (deliveries included), ending with the test clock past its due time. */
  prepare: (core: Core, incident: Incident, clock: ReturnType<typeof testClock>, port: RecordingPort) => Promise<unknown>;
  /** Only `deadline.alert` events of this alert kind are compared (all when absent). */
  kind?: string;
  /** Whatever else must come out the same, read after the sweep (e.g. the next rung scheduled). */
  extra?: (core: Core, key: string) => Promise<unknown>;
  world?: { small?: boolean };
};

/**
 * The check every sweep crash-point test repeats: on a database of its own per run (later runs
 * must not sweep earlier runs' alerts), the sweep dies at its Nth write, before or after it; the
 * next sweep (past the dead one's lease) and the outbox run; the alerts recorded, the messages
 * sent and `extra` are those of a run without a crash. Returns that reference run.
 */
export async function sweepSendCompare(harness: ReturnType<typeof crashHarness>, path: string, p: SweepPath) {
  const run = async (ev: string, crash?: { n: number; mode: CrashMode }) => {
    const { clock, core } = await harness.world(ev, p.world);
    const port = new RecordingPort();
    // Every message the outbox posts is keyed by its entry, whose id starts with the incident's key.
    const postsOf = (i: Incident) => port.posts.filter((x) => x.key?.startsWith(`${i.key}:`)).length;
    const { incident } = await raise(core, INPUT, origin(ev));
    await deliverAll(core, port, clock);
    await p.prepare(core, incident, clock, port);
    const before = postsOf(incident);
    let crashed = false;
    if (crash) {
      const dead = dying(core, crash.n, crash.mode);
      await untilCrash(() => sweep(dead.core));
      crashed = dead.crashed();
    }
    clock.advance(31_000);
    await sweep(core);
    await deliverAll(core, port, clock);
    const alerts = (await readTimeline(core.db, incident.key)).filter((e) => e.type === 'deadline.alert' && (!p.kind || e.data.kind === p.kind)).map((e) => String(e.data.alert).replace(incident.key, 'KEY'));
    const sent = postsOf(incident) - before;
    const extra = await p.extra?.(core, incident.key);
    await core.db.conn.dropDatabase();
    await core.db.close();
    return { crashed, alerts, sent, extra };
  };
  const reference = await run(`${path}-reference`);
  await harness.everyCrashPoint(path, async (n, mode) => {
    const r = await run(`${path}-${mode}-${n}`, { n, mode });
    if (!r.crashed) return false;
    expect({ alerts: r.alerts, sent: r.sent, extra: r.extra }).toEqual({ alerts: reference.alerts, sent: reference.sent, extra: reference.extra });
    return true;
    // Each run has a database of its own, so the points can go side by side.
  }, { lanes: LANES });
  return reference;
}
