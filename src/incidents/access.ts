import type { Platform, RoomMembership } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import type { Incident } from '../store/incidents.ts';
import { readTimeline } from '../store/timeline.ts';
import { membersWithRole, warRoomMembers } from './roster.ts';

/** Who asks: a person, on the platform and in the workspace (Slack team, Discord guild) they ask from. */
export type Asker = { platform: Platform; workspace: string; id: string };

/** How long the platform's answer about one person in one room is believed: a click must not cost a platform call each time. */
export const MEMBERSHIP_TTL_MS = 30_000;
const MAX_REMEMBERED = 5000;

const privateLevel = (core: Core, level: unknown) => Boolean(core.playbook.levels.find((l) => l.level === Number(level))?.private_room);

/** The levels an event says the incident had. */
function levelsIn(e: ChainedEvent): unknown[] {
  if (e.type === 'incident.raised') return [e.data.level];
  if (e.type === 'level.changed') return [e.data.from, e.data.to];
  return [];
}

/**
 * Private: its plan says so (or its plan is gone from the playbook: not knowing is not public), or
 * a level it has had does (private_room). The dispatcher opened the room private at that level;
 * lowering the level later makes neither the room nor what was said in it public.
 */
export async function isPrivate(core: Core, incident: Incident): Promise<boolean> {
  const plan = core.playbook.plans.find((p) => p.id === incident.type);
  if (!plan || plan.private || privateLevel(core, incident.level)) return true;
  // Only an incident whose level changed has had another level; its timeline says which.
  if (!incident.levelChange) return false;
  const events = await readTimeline(core.db, incident.key);
  return events.some((e) => levelsIn(e).some((l) => privateLevel(core, l)));
}

/** Let in without asking the platform: the reporter, the lead, the plan's war-room people and the roles levels.yml always entitles. */
function entitled(core: Core, incident: Incident, id: string): boolean {
  if (incident.reporter.id === id || incident.lead?.id === id) return true;
  const pb = core.playbook;
  const plan = pb.plans.find((p) => p.id === incident.type);
  if (warRoomMembers(pb, plan?.roles ?? [], incident.platform).some((m) => m.id === id)) return true;
  return pb.accessRoles.some((role) => membersWithRole(pb, role, incident.platform).some((m) => m.id === id));
}

const answers = new WeakMap<RoomMembership, Map<string, { member: boolean; until: number }>>();

/** The platform's word on whether the person is in the room now (people added or removed there), remembered briefly. */
async function inRoom(core: Core, port: RoomMembership, room: string, user: string): Promise<boolean> {
  let known = answers.get(port);
  if (!known) answers.set(port, (known = new Map()));
  const key = `${room}\u0000${user}`;
  const now = core.now().getTime();
  const hit = known.get(key);
  if (hit && hit.until > now) return hit.member;
  let member: boolean;
  try {
    member = await port.isMember(room, user);
  } catch (err) {
    // Not knowing is not a yes: refused like a non-member, and asked again next time.
    core.log.warn({ room, user, err: err instanceof Error ? err.message : String(err) }, 'war-room membership check failed; access refused');
    return false;
  }
  known.delete(key);
  // Oldest first: Map keeps insertion order.
  if (known.size >= MAX_REMEMBERED) known.delete(known.keys().next().value!);
  known.set(key, { member, until: now + MEMBERSHIP_TTL_MS });
  return member;
}

/**
 * The platform says someone joined or left a room (Slack's member events, Discord's overwrite or
 * role changes): what was believed about them there — or about everyone there, or about them
 * everywhere — is asked again at the next use instead of waiting out MEMBERSHIP_TTL_MS.
 */
export function forgetMembership(port: RoomMembership, change: { room?: string; user?: string }): void {
  const known = answers.get(port);
  if (!known) return;
  for (const key of [...known.keys()]) {
    const [room, user] = key.split('\u0000');
    if ((change.room === undefined || room === change.room) && (change.user === undefined || user === change.user)) known.delete(key);
  }
}

/**
 * Who may see and act on an incident — the one rule every command, button, form and list follows.
 * A public incident: anyone in its platform and workspace. A private one: its reporter, its lead,
 * the roster's people of its plan's war room, the roles levels.yml names under `access.always`,
 * and whoever the platform says is in its war room now (`port`; without one, nobody more).
 */
export async function canAccess(core: Core, incident: Incident, asker: Asker, port?: RoomMembership): Promise<boolean> {
  if (incident.platform !== asker.platform || incident.workspace !== asker.workspace) return false;
  if (!(await isPrivate(core, incident))) return true;
  if (entitled(core, incident, asker.id)) return true;
  const room = incident.room?.id;
  return Boolean(room && port && (await inRoom(core, port, room, asker.id)));
}
