import { startJob, type Job } from '../scheduler/job.ts';
import type { Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { membersWithRole } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { isClaimed } from '../store/claims.ts';
import { insertEntries, type NewEntry } from '../store/outbox.ts';
import type { PersonRef } from '../store/records.ts';
import { serverZone } from '../ui/times.ts';
import { nextOccurrence } from './occurrence.ts';

/**
 * Announcing scheduled drills (drills.yml): each minute, every schedule whose next drill is within
 * its lead time is announced by DM to the people holding its roles, on each platform the bot
 * serves. Once per schedule time across replicas: the announcement is one operation keyed by plan
 * and time (`drill-notice:<plan>:<ISO time>`, src/ops/define.ts) — its lease expires, so a replica
 * that dies part-way is finished by the next tick or the recovery pass, and its done mark (kept 7
 * days, hence lead times of at most 6) answers every later tick and every other replica.
 */

export type DrillNoticeEffect = { kind: 'drill-notice'; plan: string; at: number; zone: string; level?: number; to: PersonRef; roles: string[] };
export const isDrillNotice = (e: { kind: string }): e is DrillNoticeEffect => e.kind === 'drill-notice';

type NoticeIntent = { plan: string; at: number; zone: string; level?: number; roles: string[]; platforms: Platform[] };

/** Who hears of a drill on one platform: each holder of one of its roles once, with the roles they hold among them. */
export function recipients(core: Core, roles: readonly string[], platform: Platform): { to: PersonRef; roles: string[] }[] {
  const out = new Map<string, { to: PersonRef; roles: string[] }>();
  for (const role of roles) {
    for (const m of membersWithRole(core.playbook, role, platform)) {
      const r = out.get(m.id) ?? { to: { id: m.id, name: m.name }, roles: [] };
      r.roles.push(role);
      out.set(m.id, r);
    }
  }
  return [...out.values()];
}

let sequence = 0;

function entriesOf(core: Core, i: NoticeIntent): NewEntry[] {
  const now = core.now();
  const order = Date.now() * 1000 + (sequence++ % 1000);
  const group = `drill:${i.plan}:${new Date(i.at).toISOString()}`;
  return i.platforms.flatMap((platform) =>
    recipients(core, i.roles, platform).map(({ to, roles }) => ({
      _id: `${group}:notice:${platform}:${to.id}`,
      incidentKey: group,
      platform,
      order,
      stage: 0,
      effect: { kind: 'drill-notice', plan: i.plan, at: i.at, zone: i.zone, ...(i.level ? { level: i.level } : {}), to, roles } satisfies DrillNoticeEffect,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
}

const noticeOp = defineOp('drill-notice', async (core: Core, _key: string, intent: NoticeIntent, resumed: boolean): Promise<{ queued: number }> => {
  // Finished after the drill began (a replica that died long ago): an announcement is moot then.
  if (core.now().getTime() >= intent.at) return { queued: 0 };
  let entries = entriesOf(core, intent);
  // Resumed: a DM already attempted (delivered entries are deleted) is not queued again.
  if (resumed) {
    const attempted = await Promise.all(entries.map((e) => isClaimed(core.db, `outbox:${e._id}:0`)));
    entries = entries.filter((_, n) => !attempted[n]);
  }
  if (entries.length) await insertEntries(core.db, entries);
  return { queued: entries.length };
});

export const noticeKey = (plan: string, at: Date) => `drill-notice:${plan}:${at.toISOString()}`;

/** One tick on the core's clock: announces every drill due within its lead time; returns the keys it handled (run or found done). */
export async function announceDueDrills(core: Core, platforms: readonly Platform[]): Promise<string[]> {
  const now = core.now();
  const handled: string[] = [];
  for (const s of core.playbook.drills ?? []) {
    const zone = s.timezone ?? core.playbook.timezone ?? serverZone();
    const at = nextOccurrence(s.cron, zone, now, s.leadMs);
    if (!at) continue;
    const key = noticeKey(s.plan, at);
    await noticeOp.run(core, key, { plan: s.plan, at: at.getTime(), zone, ...(s.level ? { level: s.level } : {}), roles: s.roles, platforms: [...platforms] });
    handled.push(key);
  }
  return handled;
}

/** Every minute (and once at start), on any number of replicas; `tick` is injectable for tests. */
export function startDrillSchedule(core: Core, platforms: readonly Platform[], expression = '* * * * *'): Job {
  return startJob(core, {
    name: 'crisis-drill-announcements',
    expression,
    atStart: true,
    failed: 'drill announcements failed; the next minute tries again',
    run: async () => {
      const keys = await announceDueDrills(core, platforms);
      if (keys.length) core.log.debug({ keys }, 'drill announcements');
    },
  });
}
