import type { Core } from '../core.ts';
import type { SignalRule } from '../playbook/signals.ts';
import { changeWarning, markEvaluated, openWarnings, unevaluatedSignals, type SignalDoc, type TrendPoint } from '../store/signals.ts';
import { enqueueWarning } from './outbox.ts';
import { raiseForWarning } from './raise.ts';
import { freshWarning, step, warningId } from './rules.ts';

// Warnings evaluated side by side: enough to keep up with a flood, few enough to leave the
// database to the Slack and Discord listeners.
const PARALLEL = 4;

/**
 * Evaluates recorded signals against the playbook's rules, off the request path: the endpoint
 * records a signal and hands it here. A flood is coalesced — everything queued is taken at once
 * and grouped by warning (rule × dedup key), so a thousand duplicates cost one evaluation and at
 * most one card, not a thousand.
 */
export class SignalEvaluator {
  private queue: SignalDoc[] = [];
  private running?: Promise<void>;

  constructor(private readonly core: Core) {}

  push(signals: readonly SignalDoc[]): void {
    this.queue.push(...signals);
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves once everything pushed so far is evaluated (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      await this.evaluate(batch).catch((err: unknown) => this.core.log.error({ err }, 'signal evaluation failed; the signals stay unevaluated and are evaluated again at the next start'));
    }
  }

  private async evaluate(batch: SignalDoc[]): Promise<void> {
    const groups = new Map<string, { rule: SignalRule; dedupKey: string; points: TrendPoint[] }>();
    const rules = this.core.playbook.signals?.rules ?? [];
    const now = this.core.now();
    for (const s of batch) {
      for (const rule of rules.filter((r) => r.metric === s.metric)) {
        const id = warningId(rule.id, s.dedupKey);
        const g = groups.get(id) ?? { rule, dedupKey: s.dedupKey, points: [] };
        // A clock ahead of ours must not keep a warning open into the future.
        g.points.push({ at: s.at > now ? now : s.at, value: s.value, source: s.source, subject: s.subject, link: s.link });
        groups.set(id, g);
      }
    }
    const list = [...groups.values()];
    for (let i = 0; i < list.length; i += PARALLEL) {
      await Promise.all(list.slice(i, i + PARALLEL).map((g) => evaluateOne(this.core, g.rule, g.dedupKey, g.points)));
    }
    await markEvaluated(this.core.db, batch.map((s) => s._id));
  }
}

/** One warning's evaluation: its new state written first, then the effects and the raise it implies. */
export async function evaluateOne(core: Core, rule: SignalRule, dedupKey: string, points: TrendPoint[]): Promise<void> {
  let actions: ReturnType<typeof step>['actions'] = [];
  const changed = await changeWarning(core.db, freshWarning(rule.id, dedupKey), (w) => {
    const s = step(w, rule, points, core.now());
    actions = s.actions;
    return s.warning;
  });
  if (!changed) return;
  const w = changed.after;
  for (const a of actions) {
    if (a === 'raise') await raiseForWarning(core, w, rule);
    else await enqueueWarning(core, w, a);
  }
}

/**
 * The periodic look at open warnings: one whose metric came back and stayed on the safe side for
 * its window closes even if no further signal arrives to say so.
 */
export async function closeQuietWarnings(core: Core): Promise<number> {
  let closed = 0;
  for (const w of await openWarnings(core.db)) {
    const rule = core.playbook.signals?.rules.find((r) => r.id === w.rule);
    if (!rule) continue;
    const changed = await changeWarning(core.db, w, (cur) => {
      const s = step(cur, rule, [], core.now());
      return s.actions.includes('close') ? s.warning : undefined;
    });
    if (changed) {
      await enqueueWarning(core, changed.after, 'close');
      closed++;
    }
  }
  return closed;
}

/** At start: signals a stopped process accepted but never evaluated, within the longest window. */
export async function evaluateLeftovers(core: Core, evaluator: SignalEvaluator): Promise<number> {
  const longest = Math.max(0, ...(core.playbook.signals?.rules ?? []).map((r) => r.window));
  const left = await unevaluatedSignals(core.db, new Date(core.now().getTime() - longest));
  if (left.length) evaluator.push(left);
  return left.length;
}
