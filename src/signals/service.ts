import type { IncomingMessage, ServerResponse } from 'node:http';
import { schedule } from 'node-cron';
import type { Core } from '../core.ts';
import { closeQuietWarnings, evaluateLeftovers, SignalEvaluator } from './evaluate.ts';
import { SignalIngest } from './ingest.ts';

/** Every minute: a warning's window is minutes to days, so closing within a minute of its time is on time. */
export const SIGNALS_SWEEP_CRON = '23 * * * * *';

export type Signals = { ingest: SignalIngest; evaluator: SignalEvaluator; stop(): Promise<void> };

// The signals service of a core, for the HTTP routes that every adapter mounts (src/http.ts): the
// routes are built by the adapters, the service by the composition root, and this is where they meet.
const mounted = new WeakMap<Core, Signals>();

/**
 * Starts the signals service for `core` (CRISIS_SIGNALS_SECRET set): the endpoint's handler, the
 * evaluator behind it, and the minute sweep that closes warnings gone quiet. Signals a stopped
 * process accepted but never evaluated are evaluated now.
 */
export async function startSignals(core: Core, secret: string, opts: { cron?: string | false } = {}): Promise<Signals> {
  const evaluator = new SignalEvaluator(core);
  const ingest = new SignalIngest(core, secret, evaluator);
  const task =
    opts.cron === false
      ? undefined
      : schedule(opts.cron ?? SIGNALS_SWEEP_CRON, () => void closeQuietWarnings(core).catch((err: unknown) => core.log.warn({ err }, 'closing quiet warnings failed; the next minute tries again')), { name: 'crisis-signals' });
  const left = await evaluateLeftovers(core, evaluator);
  if (left) core.log.info({ signals: left }, 'evaluating signals an earlier run accepted but did not evaluate');
  const signals: Signals = {
    ingest,
    evaluator,
    stop: async () => {
      mounted.delete(core);
      if (task) {
        await task.stop();
        await task.destroy();
      }
      await evaluator.idle();
    },
  };
  mounted.set(core, signals);
  return signals;
}

/** `POST /signals`: the mounted service's answer, or 404 saying how to turn signals on. */
export async function signalsRoute(core: Core, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const signals = mounted.get(core);
  if (!signals) {
    req.resume();
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'signals are off: set CRISIS_SIGNALS_SECRET' }));
    return;
  }
  await signals.ingest.handle(req, res);
}
