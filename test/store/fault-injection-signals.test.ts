import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeStale } from '../../src/recovery.ts';
import { BatchNumbers } from '../../src/signals/batches.ts';
import { closeQuietWarnings, evaluateSignals } from '../../src/signals/evaluate.ts';
import { warningId } from '../../src/signals/rules.ts';
import { startSignals } from '../../src/signals/service.ts';
import { insertSignals, readWarning, unevaluatedSignals, type SignalDoc } from '../../src/store/signals.ts';
import { startTestDb } from '../support/core.ts';
import { crashHarness, deliverAll, dying, RecordingPort, untilCrash } from '../support/faults.ts';

// The crash-point test for the signals' write path: the endpoint's one insert of a batch, then the
// evaluation pass (the warnings in bulk, their cards' outbox entries, the raise past the raise
// threshold, the batch's receipt). A process dies before or after its Nth write; the monitoring
// tool sends the same signed requests again (a replay if they were recorded) and the next start
// evaluates what is left. Afterwards each signal is in its warning once, one card, one incident.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (signals)')));

const SECRET = 'test-signals-secret-0123456789';
const HOUR = 3_600_000;

describe('a crash at any write of a signal batch and its evaluation', () => {
  it('records each signal once, in its warning once, with one card and one raise', { timeout: 900_000 }, async () => {
    const { clock, core } = await world('fault-signals', { small: true });
    const port = new RecordingPort();
    await everyCrashPoint('signal batch', async (n, mode) => {
      clock.advance(1000);
      const key = `brand-${mode}-${n}`;
      const at = clock.now();
      // Past the threshold (a card), then past the raise threshold (a drill raised).
      const docs = (batch: string): SignalDoc[] => [80, 600].map((value, i) => ({ _id: `S-${key}-${i}`, source: 'media-monitor', metric: 'negative_mentions_per_hour', value, at, subject: key, dedupKey: key, receivedAt: at, batch }));
      const incidents = await core.db.m.Incident.countDocuments({});
      const dead = dying(core, n, mode);
      const sent = docs(new BatchNumbers().next());
      await untilCrash(async () => {
        await insertSignals(dead.core.db, sent);
        await evaluateSignals(dead.core, sent);
      });
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      // The next process: the tool's retry (refused as a replay if the first insert landed), then
      // the start's look for what was recorded but not evaluated.
      const signals = await startSignals(core, SECRET, { cron: false });
      const again = docs(new BatchNumbers().next());
      const seen = await insertSignals(core.db, again);
      if (seen.size === 0) signals.evaluator.push(again);
      await signals.evaluator.idle();
      await signals.stop();
      await deliverAll(core, port, clock);

      const w = (await readWarning(core.db, warningId('negative-mentions', key)))!;
      expect(w.points.map((p) => p.value)).toEqual([80, 600]);
      expect(w).toMatchObject({ open: true, generation: 1 });
      expect(w.raised).toHaveLength(1);
      expect(w.cards.shell).toBeDefined();
      expect(await core.db.m.Incident.countDocuments({})).toBe(incidents + 1);
      expect(port.posts.filter((p) => p.key === `${w._id}:g1:card:shell`)).toHaveLength(1);
      expect(await core.db.m.Signal.countDocuments({ dedupKey: key })).toBe(2);
      expect(await unevaluatedSignals(core.db, new Date(clock.now().getTime() - HOUR))).toHaveLength(0);
      return true;
    });
  });

  it('of the quiet close: the warning closed once, its close card recorded once', { timeout: 900_000 }, async () => {
    const { clock, core } = await world('fault-signals-close', { small: true });
    const channels = core.playbook.signals?.monitoring.length ?? 0;
    expect(channels).toBeGreaterThan(0);
    const signal = (key: string, i: number, value: number): SignalDoc => ({ _id: `S-${key}-${i}`, source: 'media-monitor', metric: 'negative_mentions_per_hour', value, at: clock.now(), subject: key, dedupKey: key, receivedAt: clock.now(), batch: new BatchNumbers().next() });
    await everyCrashPoint('quiet close', async (n, mode) => {
      const key = `quiet-${mode}-${n}`;
      // Opened by a bad point, then a good one; an hour after the bad one the pass closes it.
      for (const [i, value, wait] of [[0, 80, 0], [1, 10, 30 * 60_000]] as const) {
        clock.advance(wait);
        const doc = [signal(key, i, value)];
        await insertSignals(core.db, doc);
        await evaluateSignals(core, doc);
      }
      clock.advance(40 * 60_000);
      const id = warningId('negative-mentions', key);
      const dead = dying(core, n, mode);
      await untilCrash(() => closeQuietWarnings(dead.core));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await closeQuietWarnings(core);
      await closeQuietWarnings(core);
      expect(await readWarning(core.db, id)).toMatchObject({ open: false, generation: 1, closeQueued: true });
      expect(await core.db.m.Outbox.countDocuments({ incidentKey: id, 'effect.kind': 'close-warning' })).toBe(channels);
      return true;
    });
  });
});
