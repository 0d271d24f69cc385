import { describe, expect, it } from 'vitest';
import type { ChatPort, MessageRef } from '../../../adapters/port.ts';
import type { Core } from '../../../src/core.ts';
import { Dispatcher } from '../../../src/outbox/dispatcher.ts';
import { enqueue, enqueueMissing, type Effect } from '../../../src/outbox/enqueue.ts';
import { insertWithNextKey } from '../../../src/store/incidents.ts';
import { loadDefaultPlaybook, makeCore, testClock, useTestDb } from '../../support/core.ts';
import { at, newIncident } from './fixtures.ts';

const testDb = useTestDb();

/** A platform that records every message posted to it, raw: no de-duplication of its own, so a repeat shows. */
function recordingPort(posted: string[]): ChatPort {
  const ref = (id: string): MessageRef => ({ room: 'war-room', id });
  return {
    platform: 'shell',
    openRoom: async (spec) => ({ id: spec.name, name: spec.name }),
    invite: async () => {},
    post: async (_room, _card, opts) => (posted.push(opts?.key ?? '?'), ref(String(posted.length))),
    update: async () => {},
    pin: async () => {},
    dm: async (_user, _card, opts) => (posted.push(opts?.key ?? '?'), ref(String(posted.length))),
    upload: async (_room, _file, opts) => (posted.push(opts.key), ref(String(posted.length))),
    tell: async () => {},
  };
}

const phase = (from: string, to: string): Effect => ({ kind: 'phase-changed', from, to, by: { id: 'ann', name: 'Ann' }, at: at(1).getTime() });

/** Two processes on one database: each its own connection, clock and dispatcher. */
async function twoProcesses() {
  const clock = testClock(at(0));
  const playbook = await loadDefaultPlaybook();
  const cores: Core[] = [];
  for (let i = 0; i < 2; i++) cores.push(await makeCore(await testDb.connect('outbox'), { now: clock.now, playbook }));
  return { clock, cores, close: () => Promise.all(cores.map((c) => c.db.close())) };
}

describe('the outbox (src/outbox/enqueue.ts and the dispatcher)', () => {
  it('records a batch once however often it is enqueued, and skips in enqueueMissing what was ever attempted', async () => {
    const { cores, close } = await twoProcesses();
    const [a] = cores as [Core, Core];
    const incident = await insertWithNextKey(a.db, at(0), newIncident('Queued', { room: { id: 'war-room', name: 'war-room' } }));
    // A retried batch (the same effects, the same ids) adds nothing.
    const effects = [phase('identify', 'respond')];
    await Promise.all([enqueue(a, incident, effects), enqueue(a, incident, effects), enqueue(a, incident, effects)]);
    const pending = await a.db.m.Outbox.find({ incidentKey: incident.key }).lean();
    expect(pending.map((e) => e._id).sort()).toEqual([`${incident.key}:phase-changed`]);
    const posted: string[] = [];
    await new Dispatcher(a, recordingPort(posted)).drain();
    expect(posted).toEqual([`${incident.key}:phase-changed`]);
    // Finishing what a dead process started: delivered already, so nothing goes out again.
    await enqueueMissing(a, incident, [phase('identify', 'respond')]);
    await new Dispatcher(a, recordingPort(posted)).drain();
    expect(posted).toHaveLength(1);
    await close();
  });

  it('delivers each entry exactly once, in the order its batches were recorded, when two processes drain at once', async () => {
    const { cores, close } = await twoProcesses();
    const [a, b] = cores as [Core, Core];
    const incident = await insertWithNextKey(a.db, at(0), newIncident('Delivered', { room: { id: 'war-room', name: 'war-room' } }));
    for (let i = 0; i < 10; i++) await enqueue(i % 2 ? a : b, incident, [phase('identify', 'respond')], `b${i}`);
    const posted: string[] = [];
    const port = recordingPort(posted);
    await Promise.all([new Dispatcher(a, port).drain(), new Dispatcher(b, port).drain(), new Dispatcher(a, port).drain()]);
    expect(posted).toEqual(Array.from({ length: 10 }, (_, i) => `${incident.key}:phase-changed:b${i}`));
    expect(await a.db.m.Outbox.countDocuments({ incidentKey: incident.key })).toBe(0);
    await close();
  }, 120_000);
});
