import type { Logger } from 'pino';
import type { Core } from '../../src/core.ts';
import type { Dispatcher } from '../../src/outbox/dispatcher.ts';
import type { Directory } from './directory.ts';

/** What every listener shares. */
export type SlackContext = {
  core: Core;
  dispatcher: Dispatcher;
  directory: Directory;
  log: Logger;
  work: Work;
  /** How long a form submission may take before its ack goes out without the answer. */
  ackBudgetMs: number;
};

/**
 * Work done after Slack has its ack: followed so that stop() (and tests) can wait for it, and
 * logged rather than lost when it fails.
 */
export class Work {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly log: Logger) {}

  run(what: string, job: () => Promise<unknown>): Promise<void> {
    const p = job().then(
      () => undefined,
      (err: unknown) => this.log.error({ err, what }, 'Slack listener work failed'),
    );
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  /** Resolves once all work started so far, and any it started, has finished. */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}

/**
 * Yields to the event loop once after an ack, so requests already waiting on the sockets get their
 * acks before this one's follow-up work (Slack's 3-second clock runs for each of them).
 */
export const afterPendingAcks = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Delivers the outbox now, after the ack, without holding up the listener. */
export function drainSoon(ctx: SlackContext): void {
  void ctx.work.run('outbox drain', () => ctx.dispatcher.drain());
}
