// The evaluator behind POST /signals: what a restart finds (signals accepted but never evaluated
// are evaluated, once), and what a flood costs (one warning and one card per rule and dedup key,
// replays inside the flood refused). Evaluation is receipted per insert batch (src/signals/batches.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { BatchNumbers } from '../../src/signals/batches.ts';
import { warningId } from '../../src/signals/rules.ts';
import { countSignals, insertSignals, readWarning, unevaluatedSignals, type SignalDoc } from '../../src/store/signals.ts';
import { useTestDb } from '../support/core.ts';
import { signalsHarness } from './support.ts';

const db = useTestDb();
let n = 0;
const open: Awaited<ReturnType<typeof signalsHarness>>[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close().catch(() => undefined);
});
const harness = async (uri: string) => {
  const h = await signalsHarness(uri);
  open.push(h);
  return h;
};
const posts = (lines: string[]) => lines.filter((l) => l.includes('== Early warning: Negative mentions per hour ==') && !l.includes('(updated)'));
const RULE = 'negative-mentions';

describe('signal evaluation off the request path', () => {
  it('evaluates at start, once, the signals a stopped process recorded but never evaluated', async () => {
    const uri = db.uri(`evaluation_${n++}`);
    // What a process that died right after answering 202 leaves: its signals, no receipt.
    const first = await harness(uri);
    const dead = new BatchNumbers();
    const batch = dead.next();
    const at = first.clock.now();
    const docs: SignalDoc[] = [80, 95, 120].map((value, i) => ({ _id: `S-dead${i}`, source: 'media-monitor', metric: 'negative_mentions_per_hour', value, at, subject: 'Brand X', dedupKey: 'brand-x', receivedAt: at, batch }));
    expect((await insertSignals(first.core.db, docs)).size).toBe(0);
    expect(await unevaluatedSignals(first.core.db, new Date(at.getTime() - 3_600_000))).toHaveLength(3);
    await first.close();
    open.splice(0);

    // The next start finds them, evaluates them (one card, three points) and receipts the batch.
    const second = await harness(uri);
    await second.settle();
    expect(posts(second.lines)).toHaveLength(1);
    const id = warningId(RULE, 'brand-x');
    expect((await readWarning(second.core.db, id))!.points.map((p) => p.value)).toEqual([80, 95, 120]);
    expect(await unevaluatedSignals(second.core.db, new Date(at.getTime() - 3_600_000))).toHaveLength(0);
    const rev = (await readWarning(second.core.db, id))!.rev;
    await second.close();
    open.splice(0);

    // A third start has nothing left: the warning is not changed again.
    const third = await harness(uri);
    await third.settle();
    expect(posts(third.lines)).toHaveLength(0);
    expect((await readWarning(third.core.db, id))!.rev).toBe(rev);
    expect(await third.core.db.m.Outbox.countDocuments({ incidentKey: id, status: 'pending' })).toBe(0);
  });

  it('turns a flood with duplicates and replays into one warning and one card per rule and dedup key', { timeout: 300_000 }, async () => {
    const s = await harness(db.uri(`evaluation_${n++}`));
    const keys = ['brand-x', 'brand-y', 'brand-z'];
    const raws = Array.from({ length: 300 }, (_, i) => s.body({ metric: 'negative_mentions_per_hour', value: 60 + (i % 40), dedup_key: keys[i % 3], link: `https://monitor.example/a/${i}` }));
    // Every tenth request is sent twice in the same burst: the second is a replay.
    const sent = [...raws, ...raws.filter((_, i) => i % 10 === 0)];
    const answers = await Promise.all(sent.map((raw) => s.postRaw(raw)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((x) => x === 202)).toHaveLength(300);
    expect(statuses.filter((x) => x === 401)).toHaveLength(30);
    expect(answers.filter((a) => a.status === 401).every((a) => a.body.error?.includes('replayed'))).toBe(true);
    expect(await countSignals(s.core.db)).toBe(300);
    await s.settle();
    expect(await s.core.db.m.Warning.countDocuments({})).toBe(3);
    for (const key of keys) {
      const w = (await readWarning(s.core.db, warningId(RULE, key)))!;
      expect(w).toMatchObject({ open: true, generation: 1 });
      expect(w.cards.shell).toBeDefined();
    }
    const cards = posts(s.lines);
    expect(cards).toHaveLength(3);
    // Nothing is left for a restart to find.
    expect(await unevaluatedSignals(s.core.db, new Date(s.clock.now().getTime() - 3_600_000))).toHaveLength(0);
  });
});
