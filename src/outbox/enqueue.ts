import type { Core } from '../core.ts';
import type { Incident } from '../store/incidents.ts';
import { insertEntries } from '../store/outbox.ts';
import { isClaimed } from '../store/claims.ts';
import type { PersonRef } from '../store/records.ts';

/** What the dispatcher must make happen on the incident's platform; cards are rendered at delivery. */
export type Effect =
  | { kind: 'open-room' }
  | { kind: 'invite' }
  | { kind: 'post-summary' }
  | { kind: 'post-checklist' }
  | { kind: 'confirm-reporter' }
  | { kind: 'refresh-checklist'; page: number }
  // Deadlines: a DM to one person (a PlatformRefusal puts it in the war room instead), a notice
  // in the war room, a posted status update (the text is read from its timeline event), the
  // pinned summary redrawn.
  | ({ kind: 'dm'; to: PersonRef } & DeadlineNotice)
  | ({ kind: 'room-notice'; notified: PersonRef[]; skipped: PersonRef[] } & DeadlineNotice)
  | { kind: 'post-update'; seq: number }
  | { kind: 'refresh-summary' }
  // Assessment: the assessment card (the fact sheet) posted once and redrawn in place, each
  // assessment-team member's invitation by DM, a card per fact version, a level change notice.
  | { kind: 'post-assessment' }
  | { kind: 'refresh-assessment' }
  | { kind: 'assess-invite'; to: PersonRef }
  | { kind: 'post-fact'; id: string; v: number }
  | { kind: 'level-changed'; from: number; to: number; by: PersonRef; reason: string; retimed: number; at: number }
  | { kind: 'phase-changed'; from: string; to: string; by: PersonRef; at: number }
  // Statements (src/statements): the card in the war room posted once and redrawn, an approver's
  // DM, one publication per channel (in a lane of its own), a published statement's refreshes.
  | { kind: 'post-statement'; id: string }
  | { kind: 'refresh-statement'; id: string }
  | { kind: 'statement-dm'; id: string; v: number; to: PersonRef }
  | { kind: 'publish-statement'; id: string; channel: string }
  | { kind: 'rumours-card' }
  | { kind: 'digest' }
  // People (src/people): the Roles card posted in the war room after a change, a role brief by DM,
  // the proposed new lead's offer (with Accept) by DM.
  | { kind: 'roles-card'; what: string; role?: string; who?: PersonRef; by: PersonRef }
  | { kind: 'role-brief'; to: PersonRef; role: string }
  | { kind: 'handover-offer'; to: PersonRef; by: PersonRef }
  // Resources (src/resources): a request's change said in the war room, the approver's DM with Approve / Decline.
  | { kind: 'resource-notice'; id: string; what: string; by: PersonRef }
  | { kind: 'resource-ask'; to: PersonRef; id: string }
  // Business continuity (src/continuity): the card in the war room, posted once and redrawn.
  | { kind: 'continuity-card' }
  // Reports (src/report/post.ts): the report uploaded into the war room as a file with its summary card (a draft, or the final one).
  | { kind: 'post-report'; final: boolean; by: PersonRef }
  // Improvement actions (src/actions): a recorded RCA version, actions added or done, said in the war room.
  | { kind: 'action-notice'; what: string; ids: string[]; v?: number; by: PersonRef }
  | { kind: 'action-assigned'; to: PersonRef; ids: string[]; by: PersonRef }
  // The recovery plan (src/recovery-plan): its card in the war room, posted once and redrawn.
  | { kind: 'recovery-card' }
  // Drills (src/drills): the scorecard posted in the war room when a drill closes.
  | { kind: 'drill-scorecard' };

/**
 * What a deadline message is about. Times are epoch ms (effects are stored as plain values):
 * `dueAt` is the watched deadline, `at` when the alert went out, `late` how long after it fell
 * due it went out, when it was missed while no process ran.
 */
export type DeadlineNotice = {
  about: 'step' | 'ack' | 'update' | 'statement' | 'role' | 'rto' | 'action' | 'help' | 'acked' | 'snoozed';
  n?: number;
  /** The empty plan role (role alerts). */
  role?: string;
  rung?: number;
  dueAt?: number;
  at: number;
  late?: number;
  /** Who asked for help, acknowledged, or snoozed. */
  by?: PersonRef;
  /** The ladder's notify target (owners, lead, a role id) for the wording of the notice. */
  notify?: string;
  /** Snoozed until; for an update nudge, since when no update was posted. */
  until?: number;
  since?: number;
  /** The business function whose RTO is about to pass or passed (rto). */
  fn?: string;
  /** An improvement action's id (A3), for an action's alert (src/actions). */
  action?: string;
};

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
  dm: 0,
  'room-notice': 0,
  'post-update': 0,
  'refresh-summary': 0,
  'post-assessment': 1,
  'refresh-assessment': 0,
  'assess-invite': 1,
  'post-fact': 0,
  'level-changed': 0,
  'phase-changed': 0,
  'post-statement': 0,
  'refresh-statement': 0,
  'statement-dm': 0,
  'publish-statement': 0,
  'rumours-card': 0,
  digest: 0,
  'roles-card': 0,
  'role-brief': 0,
  'handover-offer': 0,
  'resource-notice': 0,
  'resource-ask': 0,
  'continuity-card': 0,
  'post-report': 0,
  'action-notice': 0,
  'action-assigned': 0,
  'recovery-card': 0,
  'drill-scorecard': 0,
};

// One batch may DM several people; each DM is its own entry.
const effectSuffix = (effect: Effect) => ('page' in effect ? `:${effect.page}` : 'to' in effect && typeof effect.to === 'object' ? `:${effect.to.id}` : '');

export const outboxId = (incident: Pick<Incident, 'key'>, effect: Effect, discriminator?: string) =>
  `${incident.key}:${effect.kind}${effectSuffix(effect)}${discriminator ? `:${discriminator}` : ''}`;

/**
 * Like enqueue, for a process finishing what a dead one started: an effect is recorded unless it
 * is still queued or was ever attempted (the dispatcher claims `outbox:<id>:0` before the first
 * delivery and deletes delivered entries), so nothing already delivered goes out again.
 */
export async function enqueueMissing(core: Core, incident: Incident, effects: Effect[], discriminator?: string, lane?: string): Promise<void> {
  const attempted = await Promise.all(effects.map((e) => isClaimed(core.db, `outbox:${outboxId(incident, e, discriminator)}:0`)));
  const missing = effects.filter((_, i) => !attempted[i]);
  if (missing.length) await enqueue(core, incident, missing, discriminator, lane);
}

let sequence = 0;

/**
 * One recorded batch of effects for an incident, as enqueue and enqueueAll take it. `lane`: the
 * batch is ordered on its own (`<KEY>#<lane>`) instead of in the incident's one queue, so an effect
 * that may retry for a long time (a statement's webhook while the receiver is down) never holds up
 * the war room's messages behind it.
 */
export type Batch = { incident: Incident; effects: Effect[]; discriminator?: string; lane?: string };

/** The incident an outbox entry belongs to, whichever lane it is queued in. */
export const incidentOfEntry = (entryIncidentKey: string) => entryIncidentKey.split('#')[0]!;

/** The outbox entries of one batch; each call is a batch of its own, delivered after earlier ones. */
function entriesOf(core: Core, { incident, effects, discriminator, lane }: Batch) {
  const now = core.now();
  // Wall-clock order across processes; the counter separates batches within one millisecond.
  const batch = Date.now() * 1000 + (sequence++ % 1000);
  return effects.map((effect) => ({
    _id: outboxId(incident, effect, discriminator),
    incidentKey: lane ? `${incident.key}#${lane}` : incident.key,
    platform: incident.platform,
    order: batch,
    stage: STAGE[effect.kind],
    effect,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  }));
}

/**
 * Records a batch of effects for the incident; batches are delivered in the order recorded.
 * Ids are `<key>:<kind>[:<discriminator>]`, so recording the same effects again (crash
 * recovery) adds nothing.
 */
export async function enqueue(core: Core, incident: Incident, effects: Effect[], discriminator?: string, lane?: string): Promise<void> {
  await insertEntries(core.db, entriesOf(core, { incident, effects, discriminator, lane }));
}

/** Several batches recorded in one round trip (the deadline sweep's alerts), each still its own batch, in the order given. */
export async function enqueueAll(core: Core, batches: readonly Batch[]): Promise<void> {
  if (batches.length) await insertEntries(core.db, batches.flatMap((b) => entriesOf(core, b)));
}
