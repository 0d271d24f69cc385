import type { Config } from './config.ts';
import type { Core } from './core.ts';
import { resumeStale, startRecovery } from './recovery.ts';
import { adoptAtStart, openAuditWriting } from './audit/setup.ts';
import { OP_LEASE_MS } from './store/ops.ts';
import { makeLogger } from './log.ts';
import { startGaugeRefresh } from './metrics/gauges.ts';
import { createMetrics } from './metrics/registry.ts';
import { formatProblem } from './playbook/check.ts';
import { loadPlaybook } from './playbook/load.ts';
import { openStore } from './store/open.ts';

export class StartupError extends Error {}

export type Running = { core: Core; close(): Promise<void> };

/** Composition root: config -> playbook -> store -> core. Adapters attach to the returned core. */
export async function openCore(config: Config, opts: { now?: () => Date } = {}): Promise<Running> {
  const log = makeLogger(config.logLevel, config.logFile);
  const loaded = await loadPlaybook(config.playbookDir);
  if (!loaded.ok) {
    const lines = loaded.problems.map((p) => formatProblem(config.playbookDir, p));
    throw new StartupError(`The playbook is invalid; fix these and start again:\n${lines.join('\n')}`);
  }
  const now = opts.now ?? (() => new Date());
  // Before the database: a missing or unreadable key stops the start, not the first event.
  const audit = await openAuditWriting(config, log, now);
  const store = await openStore(config.mongodbUri, config.dataDir, { now, auditKey: audit.key, anchor: audit.anchor });
  const { db } = store;
  try {
    await adoptAtStart(db, log);
    const core: Core = { db, playbook: loaded.playbook, now, locale: config.locale, log, metrics: createMetrics(), webhookSecret: config.webhookSecret, outboxLeaseMs: config.outboxLeaseMs };
    // A crash of the last run left its operations within their lease: look again once it has passed.
    await resumeStale(core);
    const recovery = startRecovery(core, OP_LEASE_MS);
    const gauges = await startGaugeRefresh(core);
    return {
      core,
      close: async () => {
        recovery.stop();
        await gauges.stop();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
