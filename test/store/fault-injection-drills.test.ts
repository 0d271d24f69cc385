import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { announceDueDrills, noticeKey } from '../../src/drills/announce.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { raise } from '../../src/incidents/service.ts';
import { resumeStale } from '../../src/recovery.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import type { Card } from '../../src/ui/card.ts';
import { startTestDb } from '../support/core.ts';
import { count, crashHarness, deliverAll, dying, INPUT, origin, RecordingPort, untilCrash } from '../support/faults.ts';

// The crash-point test for the drills' write paths: the announcement of a scheduled drill
// (src/drills/announce.ts) and the close of a drill, which also queues its scorecard
// (src/incidents/phase.ts). A process dies at its Nth write, before or after it; the outbox may
// deliver what it queued meanwhile; the recovery pass runs and the tick (or the close) comes
// again. Afterwards each person got the announcement once, and the scorecard was posted once.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (drills)')));

/** A recording platform that also counts every DM call, so a second send under the same key still shows. */
class CountingPort extends RecordingPort {
  readonly dmCalls: string[] = [];
  override async dm(user: string, card: Card, opts?: { key?: string }) {
    this.dmCalls.push(`${user}:${card.title ?? ''}:${opts?.key ?? ''}`);
    return super.dm(user, card, opts);
  }
  override async post(room: { id: string; name: string }, card: Card, opts?: { key?: string }) {
    this.dmCalls.push(`post:${room.id}:${card.title ?? ''}`);
    return super.post(room, card, opts);
  }
}

const alice = { id: 'alice', name: 'Alice Placeholder' };
const TEN_MIN = 600_000;

describe('a crash at any write of the drills', () => {
  it('of a drill announcement: each participant told once', { timeout: 600_000 }, async () => {
    const { clock, core: base } = await world('fault-drill-notice', { small: true });
    // Every ten minutes, told an hour ahead: each crash point announces a drill time of its own.
    const core: Core = { ...base, playbook: { ...base.playbook, drills: [{ plan: 'reputation', cron: '*/10 * * * *', roles: ['crisis_lead', 'comms'], leadMs: 3600_000, timezone: 'UTC' }] } };
    const nextDrill = () => new Date(Math.floor(clock.now().getTime() / TEN_MIN) * TEN_MIN + TEN_MIN);
    // DM calls for this drill time only: a run that did not crash (the last crash point tried) leaves its own drill's DMs for the next delivery.
    const toldFor = (port: CountingPort, at: Date) => port.dmCalls.filter((c) => c.includes('Drill ahead') && c.includes(`:${at.toISOString()}:`)).length;

    const refPort = new CountingPort();
    clock.advance(TEN_MIN);
    const refAt = nextDrill();
    await announceDueDrills(core, ['shell']);
    await deliverAll(core, refPort, clock);
    expect(toldFor(refPort, refAt)).toBe(2);

    await everyCrashPoint('drill announcement', async (n, mode) => {
      clock.set(new Date(nextDrill().getTime() + 60_000));
      const at = nextDrill();
      const port = new CountingPort();
      const dead = dying(core, n, mode);
      await untilCrash(() => announceDueDrills(dead.core, ['shell']));
      if (!dead.crashed()) return false;
      // What the dead process queued may go out before anyone finishes its work.
      await deliverAll(core, port, clock);
      clock.advance(31_000);
      await resumeStale(core);
      expect(await announceDueDrills(core, ['shell'])).toEqual([noticeKey('reputation', at)]);
      await deliverAll(core, port, clock);
      expect(toldFor(port, at)).toBe(2);
      expect(await core.db.m.Op.countDocuments({})).toBe(0);
      return true;
    });
  });

  it('of a drill closing: its scorecard posted once', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-drill-close', { small: true });
    const close = async (c: Core, key: string, ev: string) => changePhase(c, (await findIncident(core.db, key))!, 'closed', alice, ev, 'drill over; the gaps are the lesson');
    const toReview = async (key: string) => {
      for (const p of ['respond', 'resolve', 'review'] as const) await changePhase(core, (await findIncident(core.db, key))!, p, alice, undefined, p === 'review' ? 'root cause is in the site report' : undefined);
    };
    const scorecards = (port: CountingPort, key: string) => port.dmCalls.filter((c) => c.startsWith('post:') && c.includes(`Drill scorecard: ${key} `)).length;

    await everyCrashPoint('drill close', async (n, mode) => {
      clock.advance(1000);
      const ev = `close-${mode}-${n}`;
      const { incident } = await raise(core, { ...INPUT, drill: true }, origin(ev));
      const port = new CountingPort();
      await deliverAll(core, port, clock);
      await toReview(incident.key);
      const dead = dying(core, n, mode);
      await untilCrash(() => close(dead.core, incident.key, ev));
      if (!dead.crashed()) return false;
      await deliverAll(core, port, clock);
      clock.advance(31_000);
      await resumeStale(core);
      await close(core, incident.key, ev);
      await deliverAll(core, port, clock);
      expect((await findIncident(core.db, incident.key))!.status).toBe('closed');
      expect(count(await readTimeline(core.db, incident.key), 'status.changed')).toBe(4);
      expect(scorecards(port, incident.key)).toBe(1);
      return true;
    });
  });
});
