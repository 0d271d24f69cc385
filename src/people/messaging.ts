import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { LEAD_ROLE } from '../incidents/roster.ts';
import type { Playbook } from '../playbook/schema.ts';
import { loc, type Locale } from '../playbook/text.ts';
import type { Incident, PersonRef, Step } from '../store/records.ts';
import { card, text, type Block, type Card, type Inline, type RoomLink } from '../ui/card.ts';
import { holdersOf, planRoles } from './roles.ts';

/** The Roles card, the role brief and the handover offer (DMs), the summary's Roles field. */

export const roleLabel = (pb: Playbook, id: string, locale: Locale) => loc(pb.roles.find((r) => r.id === id)?.name ?? { en: id, 'zh-CN': id }, locale);
const localeOf = (i: Incident): Locale => i.locale;
const names = (people: PersonRef[], locale: Locale): Inline[] =>
  people.length ? people.flatMap((p, n) => [...(n ? [', '] : []), { user: p.id, name: p.name }]) : [t(locale, 'people.card.nobody')];

/** One row per plan role with who holds it, Claim (or, for the lead, Hand over); a pending handover with Accept / Withdraw. */
export function rolesCard(core: Core, i: Incident, change?: Inline[]): Card {
  const L = localeOf(i);
  const pb = core.playbook;
  const blocks: Block[] = change ? [text(...change)] : [];
  for (const role of planRoles(pb, i)) {
    const lead = role === LEAD_ROLE;
    const button = lead
      ? { id: 'role.handover', label: t(L, 'people.card.handover'), value: i.key }
      : { id: 'role.claim', label: t(L, 'people.card.claim'), value: `${i.key}:${role}` };
    blocks.push({ kind: 'item', text: [`${roleLabel(pb, role, L)}: `, ...names(holdersOf(pb, i, role), L)], button });
  }
  if (i.handover) {
    const h = i.handover;
    blocks.push(text(t(L, 'people.card.pending', { to: h.to.name, by: h.by.name, from: h.from.name })));
    blocks.push({
      kind: 'actions',
      buttons: [
        { id: 'role.accept', label: t(L, 'people.card.accept'), value: i.key, style: 'primary' },
        { id: 'role.withdraw', label: t(L, 'people.card.withdraw'), value: i.key, style: 'danger' },
      ],
    });
  }
  return card(t(L, 'people.card.title', { key: i.key }), blocks, 'info');
}

/** What changed, said above the Roles card the war room gets after each change. */
export function changeLine(core: Core, i: Incident, e: { what: string; role?: string; who?: PersonRef; by: PersonRef }): Inline[] {
  const L = localeOf(i);
  const role = e.role ? roleLabel(core.playbook, e.role, L) : '';
  return [t(L, `people.change.${e.what}` as 'people.change.claim', { by: e.by.name, who: e.who?.name ?? '', role })];
}

/** The role brief a person assigned (or claiming) a role gets: its brief (else its duties) and their open steps. */
export function roleBriefCard(core: Core, i: Incident, role: string, to: PersonRef, steps: Step[], room?: RoomLink): Card {
  const L = localeOf(i);
  const def = core.playbook.roles.find((r) => r.id === role);
  const blocks: Block[] = [text(def ? loc(def.brief ?? def.duties, L) : role)];
  const mine = steps.filter((s) => s.status === 'open' && s.owners.some((o) => o.id === to.id));
  blocks.push(text(mine.length ? t(L, 'people.brief.steps') : t(L, 'people.brief.noSteps')));
  for (const s of mine) blocks.push(text(t(L, 'people.brief.step', { n: s.n, title: loc(s.title, L) }), { time: s.dueAt, style: 'full' }));
  if (room) blocks.push(text(t(L, 'people.brief.room'), { room }));
  return card(t(L, 'people.brief.title', { key: i.key, role: roleLabel(core.playbook, role, L) }), blocks, 'info');
}

/** The offer a proposed new lead gets by DM, with Accept. */
export function handoverOfferCard(i: Incident, by: PersonRef): Card {
  const L = localeOf(i);
  const from = i.handover?.from.name ?? i.lead?.name ?? by.name;
  return card(t(L, 'people.offer.title', { key: i.key }), [
    text(t(L, 'people.offer.text', { by: by.name, key: i.key, title: i.title, from })),
    { kind: 'actions', buttons: [{ id: 'role.accept', label: t(L, 'people.card.accept'), value: i.key, style: 'primary' }] },
  ], 'warning');
}

/** The summary card's Roles field: each plan role with its holders, and a pending handover. */
export function rolesSummary(core: Core, i: Incident): Block[] {
  const L = localeOf(i);
  const pb = core.playbook;
  const lines = planRoles(pb, i).map((r) => {
    const held = holdersOf(pb, i, r);
    return `${roleLabel(pb, r, L)}: ${held.length ? held.map((p) => p.name).join(', ') : t(L, 'people.card.nobody')}`;
  });
  if (i.handover) lines.push(t(L, 'people.summary.pending', { to: i.handover.to.name }));
  return [{ kind: 'fields', fields: [{ label: t(L, 'people.summary.roles'), value: [lines.join('\n')] }] }];
}

const EVENT_KEYS: Record<string, string> = {
  'role.claimed': 'people.event.claimed',
  'role.released': 'people.event.released',
  'role.assigned': 'people.event.assigned',
  'lead.handover.proposed': 'people.event.proposed',
  'lead.handover.accepted': 'people.event.accepted',
  'lead.handover.withdrawn': 'people.event.withdrawn',
};

export const isPeopleEvent = (type: string) => type in EVENT_KEYS;

/** A timeline line for a role event. */
export function describePeopleEvent(pb: Playbook, e: { type: string; actor: string; data?: Record<string, unknown> }, locale: Locale): string {
  const d = e.data ?? {};
  return t(locale, EVENT_KEYS[e.type] as 'people.event.claimed', { actor: e.actor, role: d.role ? roleLabel(pb, String(d.role), locale) : '', who: String(d.who ?? '') });
}
