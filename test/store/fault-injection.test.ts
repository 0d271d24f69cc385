import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLevel } from '../../src/assessment/service.ts';
import type { Core } from '../../src/core.ts';
import { raise, type Origin } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { resumeStale } from '../../src/recovery.ts';
import { policyOf } from '../../src/scheduler/schedule.ts';
import { sweep } from '../../src/scheduler/sweep.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { stepsOf } from '../../src/store/steps.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { connectDb, makeCore, startTestDb, testClock } from '../support/core.ts';
import { faultyDb, RecordingPort, untilCrash, type CrashMode } from '../support/faults.ts';

// A store that fails at its Nth write — before the write, or after it (the write happened, the
// process died before hearing so) — for every N along each path; then a new process recovers as
// it would in production (the recovery pass, the platform's retry, the sweep, the dispatcher).
// Afterwards everything happened exactly once and every entity can still be changed.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const tried: Record<string, number> = {};
afterAll(() => {
  const total = Object.values(tried).reduce((a, b) => a + b, 0);
  console.log(`fault injection: ${total} crash points tried (${Object.entries(tried).map(([k, v]) => `${k} ${v}`).join(', ')}); all recovered`);
});

const reporter = { id: 'rita', name: 'Rita' };
const origin = (eventKey: string): Origin => ({ platform: 'shell', workspace: 'local', locale: 'en', reporter, eventKey });
const INPUT = { title: 'Warehouse fire', type: 'supply-chain', criteria: {} };

async function world(name: string) {
  name = name.replaceAll(/[^a-z0-9]/gi, '_');
  const clock = testClock(new Date('2026-11-28T10:00:00Z'));
  const db = await connectDb(server.uri(name));
  const core = await makeCore(db, { now: clock.now });
  return { clock, core };
}

/** A second process on the same database, dying at its `n`th write. */
const dying = (core: Core, n: number, mode: CrashMode) => {
  const faulty = faultyDb(core.db, n, mode);
  return { core: { ...core, db: faulty.db }, crashed: faulty.crashed };
};

/** Delivers everything due, moving the clock past retry back-offs and leases, until the outbox is empty. */
async function deliverAll(core: Core, port: RecordingPort, clock: ReturnType<typeof testClock>) {
  const dispatcher = new Dispatcher(core, port);
  for (let i = 0; i < 20; i++) {
    await dispatcher.drain();
    if ((await core.db.m.Outbox.countDocuments({ status: 'pending' })) === 0) return;
    clock.advance(61_000);
  }
  throw new Error('the outbox never emptied');
}

/** Room posts of one incident with its key written as KEY, so two incidents compare. */
const roomOf = (port: RecordingPort, i: Incident) => {
  const counts: Record<string, number> = {};
  for (const [title, n] of Object.entries(port.countsIn(i.room!.id))) counts[title.replaceAll(i.key, 'KEY')] = n;
  return counts;
};

async function assertChangeable(core: Core, incident: Incident) {
  const steps = await stepsOf(core.db, incident);
  const open = steps.find((s) => s.status === 'open')!;
  expect((await setStepDone(core, incident, open.n, true, reporter)).changed).toBe(true);
  expect((await setStepDone(core, incident, open.n, false, reporter)).changed).toBe(true);
}

async function assertConsistent(core: Core, key: string) {
  const incident = (await findIncident(core.db, key))!;
  const steps = await stepsOf(core.db, incident);
  expect(steps).toHaveLength(incident.stepCount);
  expect(incident.openDue.map((d) => d.getTime()).sort()).toEqual(steps.filter((s) => s.status === 'open').map((s) => s.dueAt.getTime()).sort());
  expect(await core.db.m.Op.countDocuments({})).toBe(0);
  return { incident, steps, events: await readTimeline(core.db, key) };
}

const count = (events: { type: string }[], type: string) => events.filter((e) => e.type === type).length;

/** Tries crash points 1, 2, … until a run makes fewer writes than the crash point (the path has no more). */
async function everyCrashPoint(path: string, run: (n: number, mode: CrashMode) => Promise<boolean>) {
  for (const mode of ['before', 'after'] as const) {
    for (let n = 1; n < 500; n++) {
      if (!(await run(n, mode))) break;
      tried[path] = (tried[path] ?? 0) + 1;
    }
  }
  expect(tried[path]).toBeGreaterThan(10);
}

describe('a crash at any write', () => {
  it('of a raise: the retry and the recovery pass finish it, one incident, one record', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-raise');
    const port = new RecordingPort();
    const reference = (await raise(core, INPUT, origin('reference'))).incident;
    await deliverAll(core, port, clock);
    const expected = roomOf(port, (await findIncident(core.db, reference.key))!);
    await everyCrashPoint('raise', async (n, mode) => {
      const ev = `raise-${mode}-${n}`;
      const dead = dying(core, n, mode);
      await untilCrash(() => raise(dead.core, INPUT, origin(ev)));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      const retried = await raise(core, INPUT, origin(ev));
      await deliverAll(core, port, clock);
      expect(await core.db.m.Incident.countDocuments({ eventKey: ev })).toBe(1);
      const { incident, events } = await assertConsistent(core, retried.incident.key);
      expect(count(events, 'incident.raised')).toBe(1);
      expect(roomOf(port, incident)).toEqual(expected);
      await assertChangeable(core, incident);
      return true;
    });
  });

  it('of a tick: the step is ticked once and can be unticked', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-tick');
    await everyCrashPoint('tick', async (n, mode) => {
      const { incident } = await raise(core, INPUT, origin(`tick-${mode}-${n}`));
      const dead = dying(core, n, mode);
      await untilCrash(() => setStepDone(dead.core, incident, 1, true, reporter));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      await setStepDone(core, incident, 1, true, reporter);
      const { steps, events } = await assertConsistent(core, incident.key);
      expect(steps[0]!.status).toBe('done');
      expect(count(events, 'step.done')).toBe(1);
      expect((await setStepDone(core, incident, 1, false, reporter)).changed).toBe(true);
      expect(count(await readTimeline(core.db, incident.key), 'step.reopened')).toBe(1);
      return true;
    });
  });

  it('of a level change: the steps are re-timed once and the change recorded once', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-level');
    await everyCrashPoint('level change', async (n, mode) => {
      const { incident } = await raise(core, INPUT, origin(`level-${mode}-${n}`));
      const dead = dying(core, n, mode);
      await untilCrash(() => changeLevel(dead.core, incident, 3, 'spreading to a second site', reporter));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      const { incident: after, steps, events } = await assertConsistent(core, incident.key);
      // Either the change never began (nothing written) or it was finished: never half of it.
      const changed = after.level === 3;
      expect(count(events, 'level.changed')).toBe(changed ? 1 : 0);
      expect(steps.every((s) => s.version === (changed ? 1 : 0))).toBe(true);
      const outboxed = await core.db.m.Outbox.countDocuments({ incidentKey: incident.key, 'effect.kind': 'level-changed' });
      expect(outboxed).toBe(changed ? 1 : 0);
      await assertChangeable(core, after);
      return true;
    });
  });

  it('of a deadline sweep: each due alert is recorded and sent once', { timeout: 120_000 }, async () => {
    // Each run on a database of its own: later runs must not sweep earlier runs' alerts.
    const run = async (ev: string, crash?: { n: number; mode: CrashMode }) => {
      const { clock, core } = await world(ev);
      const port = new RecordingPort();
      // Every message the outbox posts is keyed by its entry, whose id starts with the incident's key.
      const postsOf = (i: Incident) => port.posts.filter((p) => p.key?.startsWith(`${i.key}:`)).length;
      const { incident } = await raise(core, INPUT, origin(ev));
      await deliverAll(core, port, clock);
      const before = postsOf(incident);
      // Just past the acknowledgement's first rung: one alert of this incident falls due.
      clock.set(new Date(incident.ackDueAt!.getTime() + policyOf(core.playbook, incident.level).ladder[0]!.after + 1000));
      let crashed = false;
      if (crash) {
        const dead = dying(core, crash.n, crash.mode);
        await untilCrash(() => sweep(dead.core));
        crashed = dead.crashed();
      }
      clock.advance(31_000);
      await sweep(core);
      await deliverAll(core, port, clock);
      const events = await readTimeline(core.db, incident.key);
      const alerts = events.filter((e) => e.type === 'deadline.alert').map((e) => String(e.data.alert).replace(incident.key, 'KEY'));
      await core.db.conn.dropDatabase();
      await core.db.close();
      return { crashed, alerts, sent: postsOf(incident) - before };
    };
    const reference = await run('sweep-reference');
    expect(reference.alerts.length).toBeGreaterThan(0);
    await everyCrashPoint('sweep', async (n, mode) => {
      const r = await run(`sweep-${mode}-${n}`, { n, mode });
      if (!r.crashed) return false;
      expect(r.alerts).toEqual(reference.alerts);
      expect(r.sent).toBe(reference.sent);
      return true;
    });
  });

  it('of the outbox delivering a raise: the room gets each message once', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-outbox');
    const port = new RecordingPort();
    const reference = (await raise(core, INPUT, origin('outbox-reference'))).incident;
    await deliverAll(core, port, clock);
    const expected = roomOf(port, (await findIncident(core.db, reference.key))!);
    await everyCrashPoint('outbox delivery', async (n, mode) => {
      const { incident } = await raise(core, INPUT, origin(`outbox-${mode}-${n}`));
      const dead = dying(core, n, mode);
      await untilCrash(() => new Dispatcher(dead.core, port).drain());
      if (!dead.crashed()) return false;
      clock.advance(61_000);
      await deliverAll(core, port, clock);
      const after = (await findIncident(core.db, incident.key))!;
      expect(roomOf(port, after)).toEqual(expected);
      await assertChangeable(core, after);
      return true;
    });
  });
});
