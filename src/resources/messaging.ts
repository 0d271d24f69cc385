import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { roleLabel } from '../people/messaging.ts';
import type { Resource } from '../playbook/schema.ts';
import { loc, type Locale } from '../playbook/text.ts';
import type { Incident, ResourceRequest } from '../store/records.ts';
import { card, text, type Block, type Card, type Inline } from '../ui/card.ts';
import type { Availability } from './service.ts';

/** The resource table, a request's line, the approver's DM with Approve / Decline, the summary's open requests. */

/** An amount in the resource's unit; money in the playbook currency, grouped as the reader writes numbers. */
export function amount(core: Core, r: Resource | undefined, n: number, L: Locale): string {
  const num = new Intl.NumberFormat(L).format(n);
  if (!r) return num;
  return r.kind === 'money' ? `${num} ${core.playbook.currency}` : `${num} ${loc(r.unit, L)}`;
}

const resourceOf = (core: Core, id?: string) => core.playbook.resources.find((r) => r.id === id);

/** `R1 · 10 kits of First-aid kits for step 3 — approved by Dave`. */
export function requestLine(core: Core, req: ResourceRequest, L: Locale): Inline[] {
  const r = resourceOf(core, req.resource);
  const what = r ? `${amount(core, r, req.quantity, L)} ${t(L, 'resources.of')} ${loc(r.name, L)}` : `${t(L, 'resources.external')}: ${req.description ?? ''} (${req.quantity})`;
  const parts: Inline[] = [`${req.id} · ${what} — ${t(L, 'resources.for', { purpose: req.purpose })}`];
  if (req.neededBy) parts.push(` — ${t(L, 'resources.neededBy')} `, { time: req.neededBy, style: 'full' });
  const status = t(L, `resources.status.${req.status}`, { by: req.decidedBy?.name ?? '', note: req.note ?? '' });
  parts.push(` — ${t(L, 'resources.askedBy', { by: req.by.name })} — ${status}`);
  if (req.use) parts.push(` — ${t(L, `resources.use.${req.use}`)}${req.consumed ? ` ${req.consumed}` : ''}`);
  return parts;
}

export function resourcesCard(core: Core, L: Locale, table: Availability[], incident?: Incident): Card {
  const blocks: Block[] = [];
  for (const a of table) {
    const r = a.resource;
    const to = Object.entries(a.byIncident).map(([k, n]) => `${k}: ${new Intl.NumberFormat(L).format(n)}`).join(', ');
    blocks.push({
      kind: 'item',
      text: [
        `${loc(r.name, L)} (${r.id}) — ${t(L, 'resources.stock', { n: amount(core, r, r.quantity, L) })} · ${t(L, 'resources.allocated', { n: amount(core, r, a.allocated, L) })}${to ? ` (${to})` : ''} · ${t(L, 'resources.available', { n: amount(core, r, a.available, L) })} — ${t(L, 'resources.contact', { role: roleLabel(core.playbook, r.contact_role, L) })}`,
      ],
    });
  }
  if (incident) {
    blocks.push({ kind: 'heading', text: t(L, 'resources.requestsOf', { key: incident.key }) });
    const reqs = incident.requests ?? [];
    if (!reqs.length) blocks.push(text(t(L, 'resources.noRequests', { key: incident.key })));
    for (const req of reqs) blocks.push(text(...requestLine(core, req, L)));
  }
  return card(t(L, 'resources.title'), blocks);
}

/** The approver's DM: what is asked, what is left, Approve / Decline. */
export function resourceAskCard(core: Core, i: Incident, req: ResourceRequest, available: number | undefined): Card {
  const L = i.locale;
  const r = resourceOf(core, req.resource);
  const blocks: Block[] = [text(...requestLine(core, req, L))];
  if (r && available !== undefined) blocks.push(text(t(L, 'resources.availableNow', { n: amount(core, r, available, L) })));
  blocks.push({
    kind: 'actions',
    buttons: [
      { id: 'resource.approve', label: t(L, 'resources.approve'), value: `${i.key}:${req.id}`, style: 'primary' },
      { id: 'resource.decline', label: t(L, 'resources.decline'), value: `${i.key}:${req.id}`, style: 'danger' },
    ],
  });
  return card(t(L, 'resources.ask.title', { id: req.id, key: i.key, title: i.title }), blocks, 'warning');
}

export function resourceNoticeCard(core: Core, i: Incident, e: { id: string; what: string; by: { name: string } }): Card {
  const req = i.requests?.find((r) => r.id === e.id);
  const line: Inline[] = [t(i.locale, `resources.notice.${e.what}` as 'resources.notice.request', { by: e.by.name, id: e.id }), ' ', ...(req ? requestLine(core, req, i.locale) : [])];
  return card(undefined, [text(...line)], 'info');
}

/** The summary card's open requests (pending or approved and not released). */
export function requestsSummary(core: Core, i: Incident): Block[] {
  const open = (i.requests ?? []).filter((r) => r.status === 'pending' || r.status === 'approved');
  if (!open.length) return [];
  const L = i.locale;
  const lines = open.map((r) => {
    const res = resourceOf(core, r.resource);
    return `${r.id} ${res ? `${amount(core, res, r.quantity, L)} ${loc(res.name, L)}` : (r.description ?? '')} — ${t(L, `resources.status.${r.status}`, { by: r.decidedBy?.name ?? '', note: '' })}`;
  });
  return [{ kind: 'fields', fields: [{ label: t(L, 'resources.summary'), value: [lines.join('\n')] }] }];
}

const EVENTS = ['resource.requested', 'resource.approved', 'resource.declined', 'resource.used', 'resource.released'];
export const isResourceEvent = (type: string) => EVENTS.includes(type);

/** A timeline line for a resource event: who, which request, what and how much. */
export function describeResourceEvent(core: Core, e: { type: string; actor: string; data?: Record<string, unknown> }, L: Locale): string {
  const d = e.data ?? {};
  const r = resourceOf(core, String(d.resource));
  const what = r ? `${amount(core, r, Number(d.quantity), L)} ${loc(r.name, L)}` : t(L, 'resources.external');
  return t(L, `resources.event.${e.type.slice('resource.'.length)}` as 'resources.event.requested', { actor: e.actor, id: String(d.id ?? ''), what, note: String(d.note ?? ''), use: d.use ? t(L, `resources.use.${String(d.use)}` as 'resources.use.delivered') : '' });
}
