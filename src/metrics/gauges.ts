import type { Core } from '../core.ts';
import { readDepths } from '../store/depths.ts';
import { refreshResponseGauges } from './response.ts';

/**
 * The gauges read the store once a minute, not per scrape: a scrape costs nothing, and every
 * replica shows the same shared truth (each sees the others' raises and deliveries by the next
 * reading). Raises and closes in this process move the open count at once (src/metrics/observe.ts).
 */
export const GAUGE_REFRESH_MS = 60_000;

/** Sets the gauges from the store now; `response: false` leaves out the response figures (src/metrics/response.ts), which read every incident. */
export async function refreshGauges(core: Core, { response = true } = {}): Promise<void> {
  const m = core.metrics;
  if (!m) return;
  const d = await readDepths(core.db);
  m.openIncidents.set(d.openIncidents);
  m.outboxPending.set(d.outboxPending);
  m.outboxFailed.set(d.outboxFailed);
  m.outboxOldest.set(d.oldestPendingAt ? Math.max(0, core.now().getTime() - d.oldestPendingAt.getTime()) / 1000 : 0);
  if (response) await refreshResponseGauges(core);
}

/** Seeds the gauges, then refreshes them every `everyMs` (never more often than once a minute). */
export async function startGaugeRefresh(core: Core, everyMs = GAUGE_REFRESH_MS): Promise<{ stop(): Promise<void> }> {
  let running: Promise<void> | undefined;
  const refresh = () =>
    (running ??= refreshGauges(core)
      .catch((err: unknown) => core.log.warn({ err }, 'metrics gauges could not be read from the store'))
      .finally(() => (running = undefined)));
  // The start waits for the cheap gauges only: the first reading of the response figures reads
  // every incident's steps and timeline (later ones only the open incidents'), so it runs behind.
  await refreshGauges(core, { response: false }).catch((err: unknown) => core.log.warn({ err }, 'metrics gauges could not be read from the store'));
  void refresh();
  const timer = setInterval(refresh, Math.max(GAUGE_REFRESH_MS, everyMs));
  timer.unref();
  return {
    // A reading in flight finishes before the store it reads is closed.
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
