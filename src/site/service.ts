import { createHash, randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { personRef } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { holdersOf } from '../people/roles.ts';
import type { Playbook } from '../playbook/schema.ts';
import { scheduleAlerts } from '../store/alerts.ts';
import { findIncident, updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { firstSiteAlert } from './alerts.ts';
import { apply, DEFAULT_SITE_EDITORS, latest, missingOf, type Applied, type Conflict, type SiteChange } from './model.ts';

/**
 * Changing the Site card: one operation (src/ops/define.ts) keyed by the platform delivery, so a
 * retried submission acts once. The record is written under the incident's revision lease (two
 * people changing it at once both land: the second writer reads the first one's record, and a
 * form over a newer version is refused inside the same write, see model.ts), then one timeline
 * event per part changed, the first alert of a new shortfall (a fixed id) and the card through
 * the outbox. A crash anywhere is finished by the next delivery or the recovery pass.
 */

export const SITE_OP = 'site';

type Intent = { incidentKey: string; change: SiteChange; actor: PersonRef; at: number };
export type SiteResult = { ok: true; applied: Applied } | { ok: false; refused: 'noChange' | 'unknownArea' | 'sameArea'; id?: string } | { ok: false; conflicts: Conflict[] };

/** The events a change appends, each with its own `once` mark (a resumed op appends only those missing). */
function eventsOf(i: Incident, c: SiteChange, a: Applied): { suffix: string; type: string; data: Record<string, unknown> }[] {
  const s = i.site!;
  const out: { suffix: string; type: string; data: Record<string, unknown> }[] = [];
  if (c.do === 'area-add') out.push({ suffix: 'area', type: 'site.area.added', data: { ...a.area } });
  if (c.do === 'area-remove') out.push({ suffix: 'area', type: 'site.area.removed', data: { ...a.area } });
  const post = s.post.find((p) => p.v === a.post);
  if (post) out.push({ suffix: 'post', type: 'site.post', data: { v: post.v, where: post.where, ...(post.commander ? { commander: post.commander.name } : {}) } });
  const evac = s.evac.find((e) => e.v === a.evac);
  if (evac) out.push({ suffix: 'evac', type: 'site.evac', data: { v: evac.v, expected: evac.expected, accounted: evac.accounted, missing: missingOf(evac) } });
  const watch = s.watch.find((w) => w.n === a.watch);
  if (watch) out.push({ suffix: 'watch', type: 'site.watch', data: { n: watch.n, text: watch.text } });
  return out;
}

const siteOp = defineOp(SITE_OP, async (core: Core, key: string, { incidentKey, change, actor, at }: Intent, resumed: boolean): Promise<SiteResult> => {
  const when = new Date(at);
  const { incident, note } = await updateIncidentOnce<SiteResult>(core.db, incidentKey, key, (cur) => {
    const r = apply(cur.site, change, actor, when);
    // Only the versions shown to this person are written: their next save is made over them.
    if ('conflicts' in r) return { set: { site: r.record }, note: { ok: false, conflicts: r.conflicts } };
    if ('refused' in r) return { set: {}, note: { ok: false, refused: r.refused, ...(r.id ? { id: r.id } : {}) } };
    return { set: { site: r.record }, note: { ok: true, applied: r.applied } };
  });
  if (!note.ok) return note;
  for (const e of eventsOf(incident, change, note.applied)) {
    await appendEvent(core.db, incidentKey, { at: when, type: e.type, actor: actor.name, data: e.data }, { once: `${key}#${e.suffix}`, lookBack: resumed ? 50 : 1 });
  }
  if (note.applied.started) await scheduleAlerts(core.db, [firstSiteAlert(incidentKey, note.applied.started, when)], core.now);
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'site-card' }], discriminator(key));
  return note;
});

const discriminator = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export async function changeSite(core: Core, incident: Incident, change: SiteChange, actor: PersonRef, eventKey?: string): Promise<SiteResult & { duplicate: boolean; incident: Incident }> {
  const key = `site:${incident.key}:${eventKey ?? randomUUID()}`;
  const { result, duplicate } = await siteOp.run(core, key, { incidentKey: incident.key, change, actor: personRef(actor), at: core.now().getTime() });
  return { ...result, duplicate, incident: (await findIncident(core.db, incident.key))! };
}

/** `service KEY site post`: post or redraw the card in the war room; one write (the outbox entry), keyed by the delivery. */
export async function showSiteCard(core: Core, incident: Incident, eventKey?: string): Promise<void> {
  await enqueueMissing(core, incident, [{ kind: 'site-card' }], `show:${discriminator(eventKey ?? randomUUID())}`);
}

/** The roles besides the lead who may change the Site card: the plan's `site_editors`, else operations and security. */
export function siteEditorRoles(pb: Playbook, i: Pick<Incident, 'type'>): string[] {
  return [...(pb.plans.find((p) => p.id === i.type)?.site_editors ?? DEFAULT_SITE_EDITORS)];
}

/** Whether this person may change the Site card: the lead, or someone holding an editor role in this incident now. */
export function maySiteEdit(pb: Playbook, i: Incident, userId: string): boolean {
  if (i.lead?.id === userId) return true;
  return siteEditorRoles(pb, i).some((r) => holdersOf(pb, i, r).some((p) => p.id === userId));
}

export const latestPost = (i: Incident) => latest(i.site?.post);
export const latestEvac = (i: Incident) => latest(i.site?.evac);
