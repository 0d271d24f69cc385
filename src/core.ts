import type { Logger } from 'pino';
import type { Metrics } from './metrics/registry.ts';
import type { Playbook } from './playbook/schema.ts';
import type { Locale } from './playbook/text.ts';
import type { Db } from './store/connect.ts';

/** What every service needs: the store, the loaded playbook, a clock tests can move, a logger. */
export type Core = {
  db: Db;
  playbook: Playbook;
  now: () => Date;
  locale: Locale;
  log: Logger;
  /**
   * This core's Prometheus registry (src/metrics), made by openCore and the tests' makeCore. A
   * field rather than a lookup by core: a copy of the core (`{ ...core, now }`) keeps recording
   * into the same registry that `/metrics` serves. Optional: a core without one records nothing.
   */
  metrics?: Metrics;
  /** CRISIS_WEBHOOK_SECRET: outbound statement webhooks are signed with it; without it they are refused. */
  webhookSecret?: string;
  /** CRISIS_OUTBOX_LEASE_MS: how long a delivery attempt holds its outbox entry (the dispatcher's 60 s when absent). */
  outboxLeaseMs?: number;
};

/** A problem with what a user asked for, with the message to show (already localized). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
