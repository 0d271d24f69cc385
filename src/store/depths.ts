import { readBoard } from './board.ts';
import type { Db } from './connect.ts';

/** What the metrics gauges show, read from the store (src/metrics/gauges.ts: at start and once a minute, never per scrape). */
export type Depths = { openIncidents: number; outboxPending: number; outboxFailed: number; oldestPendingAt?: Date };

export async function readDepths(db: Db): Promise<Depths> {
  const [board, outboxPending, outboxFailed, oldest] = await Promise.all([
    readBoard(db),
    db.m.Outbox.countDocuments({ status: 'pending' }),
    db.m.Outbox.countDocuments({ status: 'failed' }),
    db.m.Outbox.findOne({ status: 'pending' }).sort({ createdAt: 1 }).select({ createdAt: 1 }).lean(),
  ]);
  return { openIncidents: board.length, outboxPending, outboxFailed, oldestPendingAt: (oldest as { createdAt?: Date } | null)?.createdAt };
}
