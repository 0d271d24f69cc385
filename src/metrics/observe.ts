import type { Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import type { Metrics } from './registry.ts';

/**
 * The one-line calls the services and adapters make (`observe(core).incidentRaised(incident)`).
 * A core without a registry (benchmarks, worker processes) records nothing.
 *
 * Two clocks: latencies of work done now (an ack, a sweep) are wall time, which a test clock
 * never moves; ages of stored things (an alert's due time, an outbox entry's creation) are
 * measured on the core's clock, the one that stamped them.
 */
export function observe(core: Pick<Core, 'metrics' | 'now'>): Recorder {
  const m = core.metrics;
  return m ? recorder(m, core.now) : NOTHING;
}

export type Recorder = {
  incidentRaised(incident: { level: number; type: string; drill?: boolean }): void;
  incidentClosed(): void;
  alertSent(alert: { kind: string; rung: number; dueAt: Date }, at: Date): void;
  /** Runs one sweep and records its wall time, failed or not. */
  sweep<T>(run: () => Promise<T>): Promise<T>;
  delivered(entry: { platform: string; createdAt: Date }): void;
  refused(platform: Platform, code: string, entry?: { createdAt: Date }): void;
  /** A delivery failed in a way the outbox retries (network, rate limit, 5xx). */
  failed(platform: Platform, err: unknown): void;
  /** The command's acknowledgement was sent; `since` is when it reached the bot (epoch ms). */
  commandAcked(platform: Platform, since: number): void;
  /** Sends an acknowledgement and records the time from `since` (default: now) until it was sent. */
  ack<T>(platform: Platform, send: () => Promise<T>, since?: number): Promise<T>;
};

/** Ladders have a handful of rungs; a cadence nudge's rung counts missed windows and is unbounded. */
const MAX_RUNG_LABEL = 5;
const rungLabel = (rung: number) => (rung >= MAX_RUNG_LABEL ? `${MAX_RUNG_LABEL}+` : String(rung));

/** Error codes become label values: short tokens only, so a message can never become a series. */
export function codeLabel(err: unknown): string {
  const raw = typeof err === 'string' || typeof err === 'number' ? err : ((err as { code?: unknown } | null)?.code ?? (err as { name?: unknown } | null)?.name);
  const code = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  return /^[A-Za-z0-9_.:-]{1,48}$/.test(code) ? code : 'unknown';
}

const seconds = (ms: number) => Math.max(0, ms) / 1000;

function recorder(m: Metrics, now: () => Date): Recorder {
  const acked = (platform: Platform, since: number) => m.commandAck.observe({ platform }, seconds(Date.now() - since));
  return {
    incidentRaised: (incident) => {
      m.incidentsRaised.inc({ level: String(incident.level), type: incident.type, drill: String(Boolean(incident.drill)) });
      m.openIncidents.add(1);
    },
    incidentClosed: () => m.openIncidents.add(-1),
    alertSent: (alert, at) => {
      m.alertsSent.inc({ kind: alert.kind, rung: rungLabel(alert.rung) });
      m.alertDelay.observe({ kind: alert.kind }, seconds(at.getTime() - alert.dueAt.getTime()));
    },
    sweep: async (run) => {
      const end = m.sweepDuration.startTimer();
      try {
        const result = await run();
        end({ outcome: 'ok' });
        return result;
      } catch (err) {
        end({ outcome: 'failed' });
        throw err;
      }
    },
    delivered: (entry) => m.outboxAge.observe({ platform: entry.platform }, seconds(now().getTime() - entry.createdAt.getTime())),
    refused: (platform, code, entry) => {
      m.refusals.inc({ platform, code: codeLabel(code) });
      if (entry) m.outboxAge.observe({ platform }, seconds(now().getTime() - entry.createdAt.getTime()));
    },
    failed: (platform, err) => m.errors.inc({ platform, code: codeLabel(err) }),
    commandAcked: acked,
    ack: async (platform, send, since = Date.now()) => {
      const result = await send();
      acked(platform, since);
      return result;
    },
  };
}

const NOTHING: Recorder = {
  incidentRaised: () => undefined,
  incidentClosed: () => undefined,
  alertSent: () => undefined,
  sweep: (run) => run(),
  delivered: () => undefined,
  refused: () => undefined,
  failed: () => undefined,
  commandAcked: () => undefined,
  ack: (_platform, send) => send(),
};
