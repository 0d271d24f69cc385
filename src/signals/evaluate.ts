import { setTimeout as sleep } from 'node:timers/promises';
import type { Core } from '../core.ts';
import type { SignalRule } from '../playbook/signals.ts';
import { insertEntries, type NewEntry } from '../store/outbox.ts';
import { changeWarning, closesToQueue, openWarnings, purgeBatchReceipts, readWarnings, recordBatchesEvaluated, unevaluatedSignals, writeWarnings, type SignalDoc, type TrendPoint, type Warning } from '../store/signals.ts';
import { absorb, isAbsorbed } from './batches.ts';
import { enqueueWarning, warningEntries } from './outbox.ts';
import { raiseForWarning } from './raise.ts';
import { freshWarning, step, warningId, type Action } from './rules.ts';

// A pass waits until no signal arrived for QUIET_MS, but no longer than MAX_DEFER_MS: a flood is
// evaluated in a few passes of every warning it touches, not one pass per insert batch, and its
// inserts have the database to themselves meanwhile (a pass mid-flood puts its warning writes
// before them: the ingestion tail in bench/signals.ts). A first warning in a flood waits ≤ 5 s.
const QUIET_MS = 20;
const MAX_DEFER_MS = 5_000;
// A pass cut short (the database did not answer) is tried again after this, and again: passes
// keep their order, which is what `absorbed` relies on (batches.ts).
const RETRY_MS = 1_000;

/** A trend point with the insert batch of its signal: how a warning knows what it has absorbed. */
type BatchedPoint = TrendPoint & { batch: string };

const batchOf = (s: SignalDoc) => s.batch ?? `L-${s._id}`;

/**
 * Evaluates recorded signals against the playbook's rules, off the request path: the endpoint
 * records a signal and hands it here. A flood is coalesced — everything queued is taken at once
 * and grouped by warning (rule × dedup key), so a thousand duplicates cost one evaluation and at
 * most one card, not a thousand.
 */
export class SignalEvaluator {
  private queue: SignalDoc[] = [];
  private running?: Promise<void>;
  private lastPush = 0;

  constructor(private readonly core: Core) {}

  push(signals: readonly SignalDoc[]): void {
    this.queue.push(...signals);
    this.lastPush = performance.now();
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves once everything pushed so far is evaluated (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.queue.length) {
      const since = performance.now();
      while (performance.now() - this.lastPush < QUIET_MS && performance.now() - since < MAX_DEFER_MS) await sleep(QUIET_MS / 2);
      const pass = this.queue;
      this.queue = [];
      try {
        await evaluateSignals(this.core, pass);
      } catch (err) {
        // Evaluation is idempotent per batch (warnings know what they absorbed), so a pass is simply run again.
        this.core.log.error({ err, signals: pass.length }, 'signal evaluation failed; trying again in a second (a restart evaluates them too)');
        this.queue.unshift(...pass);
        await sleep(RETRY_MS);
      }
    }
  }
}

/**
 * One pass: every warning the signals touch changes once, their cards' outbox entries are
 * recorded with one insert, raises follow, and last the signals' insert batches are receipted. A
 * crash anywhere leaves the batches without a receipt; the next start evaluates them again, and
 * each warning then takes from them only what it has not absorbed, and redoes what its latest
 * change implied (every effect keyed, so done twice it happens once).
 */
export async function evaluateSignals(core: Core, signals: readonly SignalDoc[]): Promise<void> {
  const groups = new Map<string, { rule: SignalRule; dedupKey: string; points: BatchedPoint[] }>();
  const rules = core.playbook.signals?.rules ?? [];
  const now = core.now();
  const batches = new Map<string, number>();
  // A signal queued twice (found at start and pushed by the endpoint too) counts once.
  for (const s of new Map(signals.map((x) => [x._id, x])).values()) {
    batches.set(batchOf(s), (batches.get(batchOf(s)) ?? 0) + 1);
    for (const rule of rules.filter((r) => r.metric === s.metric)) {
      const id = warningId(rule.id, s.dedupKey);
      const g = groups.get(id) ?? { rule, dedupKey: s.dedupKey, points: [] };
      // A clock ahead of ours must not keep a warning open into the future.
      g.points.push({ at: s.at > now ? now : s.at, value: s.value, source: s.source, subject: s.subject, link: s.link, batch: batchOf(s) });
      groups.set(id, g);
    }
  }
  // Every warning of the pass read at once, changed in memory, written back at once; one that
  // another process changed meanwhile is done again on its own.
  const current = await readWarnings(core.db, [...groups.keys()]);
  const results: { rule: SignalRule; warning: Warning; actions: Action[] }[] = [];
  const changes: { before?: Warning; after: Warning }[] = [];
  for (const [id, g] of groups) {
    const before = current.get(id);
    const c = applyPoints(core, g.rule, before ?? freshWarning(g.rule.id, g.dedupKey), g.points);
    if (c) {
      const after = { ...c.warning, rev: (before?.rev ?? 0) + 1 };
      changes.push({ before, after });
      results.push({ rule: g.rule, warning: after, actions: c.actions });
    } else if (before) results.push({ rule: g.rule, warning: before, actions: before.lastActions ?? [] });
  }
  const lost = await writeWarnings(core.db, changes);
  const done = results.filter((r) => !lost.has(r.warning._id));
  for (const id of lost) {
    const g = groups.get(id)!;
    const r = await changeOne(core, g.rule, g.dedupKey, g.points);
    if (r) done.push({ rule: g.rule, ...r });
  }
  const entries: NewEntry[] = [];
  const raises: { w: Warning; rule: SignalRule }[] = [];
  for (const r of done) {
    for (const a of r.actions) {
      if (a === 'raise') raises.push({ w: r.warning, rule: r.rule });
      else entries.push(...warningEntries(core, r.warning, a));
    }
  }
  if (entries.length) await insertEntries(core.db, entries);
  for (const { w, rule } of raises) await raiseForWarning(core, w, rule);
  await recordBatchesEvaluated(core.db, [...batches].map(([id, n]) => ({ id, signals: n })), now);
}

/**
 * The warning with the points of batches it has not absorbed yet, the batches noted and the
 * actions it implies recorded with it; undefined when every point's batch is absorbed already.
 */
function applyPoints(core: Core, rule: SignalRule, w: Warning, points: BatchedPoint[]): { warning: Warning; actions: Action[] } | undefined {
  const fresh = points.filter((p) => !isAbsorbed(w.absorbed, p.batch));
  if (fresh.length === 0) return undefined;
  const s = step(w, rule, fresh.map(({ batch: _, ...p }) => p), core.now());
  const absorbed = absorb(w.absorbed, [...new Set(fresh.map((p) => p.batch))], core.now(), longestWindow(core));
  return { warning: { ...s.warning, absorbed, lastActions: s.actions }, actions: s.actions };
}

/**
 * One warning changed on its own (read, change, write under its revision, again after a lost
 * race). When everything is absorbed already, the actions are those of its latest change: a pass
 * cut short by a crash is finished by redoing them.
 */
async function changeOne(core: Core, rule: SignalRule, dedupKey: string, points: BatchedPoint[]): Promise<{ warning: Warning; actions: Action[] } | undefined> {
  let actions: Action[] = [];
  let current: Warning | undefined;
  const changed = await changeWarning(core.db, freshWarning(rule.id, dedupKey), (w) => {
    current = w;
    const c = applyPoints(core, rule, w, points);
    actions = c?.actions ?? [];
    return c?.warning;
  });
  if (changed) return { warning: changed.after, actions };
  return current && current.rev > 0 ? { warning: current, actions: current.lastActions ?? [] } : undefined;
}

/**
 * The periodic look at open warnings: one whose metric came back and stayed on the safe side for
 * its window closes even if no further signal arrives to say so. Receipts older than the longest
 * window go too (no start looks further back).
 */
export async function closeQuietWarnings(core: Core): Promise<number> {
  let closed = 0;
  for (const w of await openWarnings(core.db)) {
    const rule = core.playbook.signals?.rules.find((r) => r.id === w.rule);
    if (!rule) continue;
    const changed = await changeWarning(core.db, w, (cur) => {
      const s = step(cur, rule, [], core.now());
      return s.actions.includes('close') ? { ...s.warning, lastActions: s.actions, closeQueued: false } : undefined;
    });
    if (changed) closed++;
  }
  // The close cards of those just closed, and of any a pass that died after closing left behind:
  // recorded (fixed outbox ids: nothing twice), then marked so the next pass does not look again.
  for (const w of await closesToQueue(core.db)) {
    await enqueueWarning(core, w, 'close');
    await changeWarning(core.db, w, (cur) => (cur.open || cur.closeQueued !== false ? undefined : { ...cur, closeQueued: true }));
  }
  await purgeBatchReceipts(core.db, new Date(core.now().getTime() - longestWindow(core)));
  return closed;
}

const longestWindow = (core: Core) => Math.max(0, ...(core.playbook.signals?.rules ?? []).map((r) => r.window));

/** At start: signals a stopped process accepted but never evaluated, within the longest window. */
export async function evaluateLeftovers(core: Core, evaluator: SignalEvaluator): Promise<number> {
  const left = await unevaluatedSignals(core.db, new Date(core.now().getTime() - longestWindow(core)));
  if (left.length) evaluator.push(left);
  return left.length;
}
