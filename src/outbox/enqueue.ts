import type { Core } from '../core.ts';
import type { Incident } from '../store/incidents.ts';
import { isDuplicateKey } from '../store/connect.ts';

/** What the dispatcher must make happen on the incident's platform; cards are rendered at delivery. */
export type Effect =
  | { kind: 'open-room' }
  | { kind: 'invite' }
  | { kind: 'post-summary' }
  | { kind: 'post-checklist' }
  | { kind: 'refresh-checklist'; page: number };

let sequence = 0;

/**
 * Records effects for the incident, in order. Ids are `<key>:<kind>[:<discriminator>]`, so
 * enqueueing the same effects again (crash recovery) adds nothing.
 */
export async function enqueue(core: Core, incident: Incident, effects: Effect[], discriminator?: string): Promise<void> {
  const now = core.now();
  for (const effect of effects) {
    const suffix = 'page' in effect ? `:${effect.page}` : '';
    const _id = `${incident.key}:${effect.kind}${suffix}${discriminator ? `:${discriminator}` : ''}`;
    try {
      await core.db.m.Outbox.create({
        _id,
        incidentKey: incident.key,
        platform: incident.platform,
        // Wall-clock order across processes, then position in this batch.
        order: Date.now() * 1000 + (sequence++ % 1000),
        effect,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
