import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { processMetrics } from './process.ts';

/**
 * Every crisis-bot metric, in one registry per core (tests run several cores in one process, so
 * prom-client's global registry would mix them). The README's "Metrics" section documents each
 * one; names, labels and buckets are declared here and nowhere else.
 */
export function createMetrics() {
  const registry = new Registry();
  const shared = processMetrics();
  for (const { name } of shared.getMetricsAsArray()) registry.registerMetric(shared.getSingleMetric(name)!);
  const registers = [registry];
  const instruments = {
    // Histograms. Buckets bracket each platform's limit: 3 s for an ack, the 15 s sweep interval for alerts.
    commandAck: new Histogram({
      name: 'crisis_command_ack_seconds',
      help: 'Time from a command reaching the bot (Discord: the interaction created) to its acknowledgement being sent.',
      labelNames: ['platform'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5, 10],
      registers,
    }),
    alertDelay: new Histogram({
      name: 'crisis_alert_delay_seconds',
      help: 'Delay between a deadline alert falling due and the sweep sending it.',
      labelNames: ['kind'],
      buckets: [1, 5, 10, 15, 20, 30, 60, 120, 300, 900, 3600],
      registers,
    }),
    sweepDuration: new Histogram({
      name: 'crisis_sweep_duration_seconds',
      help: 'Wall time of one scheduled deadline sweep, by whether it finished or failed.',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    outboxAge: new Histogram({
      name: 'crisis_outbox_age_seconds',
      help: 'Age of an outbox entry (since it was recorded) when it was delivered or refused.',
      labelNames: ['platform'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
      registers,
    }),
    // Counters.
    incidentsRaised: new Counter({
      name: 'crisis_incidents_raised_total',
      help: 'Incidents raised, by level, playbook type and whether a drill.',
      labelNames: ['level', 'type', 'drill'],
      registers,
    }),
    alertsSent: new Counter({
      name: 'crisis_alerts_sent_total',
      help: 'Deadline alerts sent, by what they watch and ladder rung.',
      labelNames: ['kind', 'rung'],
      registers,
    }),
    refusals: new Counter({
      name: 'crisis_platform_refusals_total',
      help: 'Platform calls refused for a reason retrying cannot fix (DMs closed, channel gone), by code.',
      labelNames: ['platform', 'code'],
      registers,
    }),
    errors: new Counter({
      name: 'crisis_platform_errors_total',
      help: 'Outbox deliveries that failed and will be retried, by code.',
      labelNames: ['platform', 'code'],
      registers,
    }),
    signals: new Counter({
      name: 'crisis_signals_total',
      help: 'Requests to POST /signals, by outcome (accepted, unsigned, stale, replayed, malformed, too_large, unavailable).',
      labelNames: ['outcome'],
      registers,
    }),
    // Gauges: set from the store at start and by a timer (src/metrics/gauges.ts), moved by this process's own raises and closes.
    incidentsOpen: new Gauge({ name: 'crisis_incidents_open', help: 'Incidents not yet closed.', registers }),
    outboxPending: new Gauge({ name: 'crisis_outbox_pending', help: 'Outbox entries waiting for delivery.', registers }),
    outboxFailed: new Gauge({ name: 'crisis_outbox_failed', help: 'Outbox entries a platform refused (kept for the record).', registers }),
    outboxOldest: new Gauge({ name: 'crisis_outbox_oldest_pending_age_seconds', help: 'Age of the oldest pending outbox entry (0 when none).', registers }),
    // Response figures, as crisis-bot metrics computes them (src/metrics/response.ts), by level (1-4) and `all`.
    mtta: new Gauge({ name: 'crisis_mtta_seconds', help: 'Mean time from the raise to the lead\'s acknowledgement, over the incidents that recorded one.', labelNames: ['level'], registers }),
    mttr: new Gauge({ name: 'crisis_mttr_seconds', help: 'Mean time from the raise to the review phase (resolved), over the incidents that reached it.', labelNames: ['level'], registers }),
    firstStatement: new Gauge({ name: 'crisis_time_to_first_statement_seconds', help: 'Mean time from the raise to the first public statement published, over the incidents that published one.', labelNames: ['level'], registers }),
    stepsOnTime: new Gauge({ name: 'crisis_steps_on_time_ratio', help: 'Of the checklist steps due (done, or open past their deadline), the share done by their deadline.', labelNames: ['level'], registers }),
  };
  // The open count is kept here as well as in its gauge: a close moves it down from the number
  // last read, never below zero (the timer's last reading may predate another replica's raise).
  let open = 0;
  const openIncidents = {
    set: (n: number) => instruments.incidentsOpen.set((open = Math.max(0, n))),
    add: (delta: number) => instruments.incidentsOpen.set((open = Math.max(0, open + delta))),
  };
  return { registry, openIncidents, ...instruments };
}

export type Metrics = ReturnType<typeof createMetrics>;
