import type { Core } from '../core.ts';
import type { Incident } from '../store/incidents.ts';
import { isDuplicateKey } from '../store/connect.ts';

/** What the dispatcher must make happen on the incident's platform; cards are rendered at delivery. */
export type Effect =
  | { kind: 'open-room' }
  | { kind: 'invite' }
  | { kind: 'post-summary' }
  | { kind: 'post-checklist' }
  | { kind: 'confirm-reporter' }
  | { kind: 'refresh-checklist'; page: number };

/**
 * Effects of one batch run in stages: everything in a stage needs only what earlier stages
 * made (the room), so it goes out concurrently — fewer sequential round trips to the platform.
 */
const STAGE: Record<Effect['kind'], number> = {
  'open-room': 0,
  invite: 1,
  'post-summary': 1,
  'post-checklist': 1,
  'confirm-reporter': 2,
  'refresh-checklist': 0,
};

let sequence = 0;

/**
 * Records a batch of effects for the incident; batches are delivered in the order recorded.
 * Ids are `<key>:<kind>[:<discriminator>]`, so recording the same effects again (crash
 * recovery) adds nothing.
 */
export async function enqueue(core: Core, incident: Incident, effects: Effect[], discriminator?: string): Promise<void> {
  const now = core.now();
  // Wall-clock order across processes; the counter separates batches within one millisecond.
  const batch = Date.now() * 1000 + (sequence++ % 1000);
  for (const effect of effects) {
    const suffix = 'page' in effect ? `:${effect.page}` : '';
    const _id = `${incident.key}:${effect.kind}${suffix}${discriminator ? `:${discriminator}` : ''}`;
    try {
      await core.db.m.Outbox.create({
        _id,
        incidentKey: incident.key,
        platform: incident.platform,
        order: batch,
        stage: STAGE[effect.kind],
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
