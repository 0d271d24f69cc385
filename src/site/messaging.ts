import type { Core } from '../core.ts';
import { isWatched } from '../domain/escalation.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { formatAge, t } from '../i18n/index.ts';
import type { DeadlineNotice } from '../outbox/enqueue.ts';
import { roleLabel } from '../people/messaging.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident, PersonRef } from '../store/records.ts';
import { card, text, type Block, type Card, type Inline } from '../ui/card.ts';
import { SITE_ALERT_EVERY } from './alerts.ts';
import { latest, missingOf } from './model.ts';
import { siteEditorRoles } from './service.ts';

/** The Site card, its lines in the timeline, and the lead's alert (DM and war-room line) while people are missing. */

/** How many watch notes the card shows (the latest); the timeline and the report have them all. */
const WATCH_SHOWN = 5;

const mention = (p: PersonRef): Inline => ({ user: p.id, name: p.name });
const editButton = (i: Incident, L: Locale) => ({ id: 'site.edit', label: t(L, 'site.button.edit'), value: i.key });

/** The missing count as a marked line: 🔴 on every platform (and the card's tone makes Discord's embed red, Slack's title 🚨). */
export function missingLine(i: Incident, L: Locale): Block | undefined {
  const e = latest(i.site?.evac);
  const missing = missingOf(e);
  if (!missing) return undefined;
  // In review or closed no ladder runs (src/domain/escalation.ts), so the card must not promise reminders.
  if (!isWatched(i.status)) return text(t(L, 'site.card.missingQuiet', { missing }));
  return text(t(L, 'site.card.missing', { missing, every: formatAge(L, SITE_ALERT_EVERY) }));
}

export function siteCard(core: Core, i: Incident, _now: Date, L: Locale = i.locale as Locale): Card {
  const s = i.site;
  const post = latest(s?.post);
  const evac = latest(s?.evac);
  const missing = missingOf(evac);
  const fields: { label: string; value: Inline[] }[] = [
    {
      label: t(L, 'site.card.post'),
      value: post
        ? [post.where || t(L, 'site.card.whereUnset'), ...(post.commander ? [t(L, 'site.card.commander'), mention(post.commander)] : [t(L, 'site.card.noCommander')])]
        : [t(L, 'site.card.notSet')],
    },
    {
      label: t(L, 'site.card.evac'),
      value: evac ? [t(L, 'site.card.evacValue', { expected: evac.expected, accounted: evac.accounted, missing: missing ? `🔴 ${missing}` : '0' })] : [t(L, 'site.card.notSet')],
    },
  ];
  const blocks: Block[] = [{ kind: 'fields', fields }];
  const marked = missingLine(i, L);
  if (marked) blocks.push(marked);
  if (evac) blocks.push(text(t(L, 'site.card.by', { who: evac.by.name }), { time: evac.at, style: 'full' }));
  blocks.push({ kind: 'heading', text: t(L, 'site.card.areas') });
  if (!s?.areas.length) blocks.push(text(t(L, 'site.card.noAreas')));
  for (const a of s?.areas ?? []) blocks.push(text(t(L, 'site.card.area', { id: a.id, name: a.name, who: a.by.name }), { time: a.at, style: 'full' }));
  blocks.push({ kind: 'heading', text: t(L, 'site.card.watch') });
  const notes = s?.watch ?? [];
  if (!notes.length) blocks.push(text(t(L, 'site.card.noWatch')));
  if (notes.length > WATCH_SHOWN) blocks.push(text(t(L, 'site.card.earlier', { n: notes.length - WATCH_SHOWN, key: i.key })));
  for (const w of notes.slice(-WATCH_SHOWN)) blocks.push(text(t(L, 'site.card.watchLine', { n: w.n, text: w.text, who: w.by.name }), { time: w.at, style: 'full' }));
  const roles = siteEditorRoles(core.playbook, i).map((r) => roleLabel(core.playbook, r, L)).join(', ');
  // A closed incident is not changed (commands/site.ts refuses): no way to change it is offered.
  if (i.status !== 'closed') blocks.push(text(t(L, 'site.card.hint', { key: i.key, roles })), { kind: 'actions', buttons: [editButton(i, L)] });
  return card(t(L, 'site.card.title', { key: i.key }), blocks, missing ? 'danger' : 'info');
}

export const isSiteEvent = (type: string) => type.startsWith('site.');

export function describeSiteEvent(e: Pick<ChainedEvent, 'type' | 'actor' | 'data'>, L: Locale): string {
  const d = e.data as Record<string, unknown>;
  const s = (k: string) => String(d[k] ?? '');
  switch (e.type) {
    case 'site.post':
      return t(L, 'site.event.post', { actor: e.actor, where: s('where') || t(L, 'site.card.whereUnset'), commander: d.commander ? t(L, 'site.event.commander', { who: s('commander') }) : '' });
    case 'site.evac':
      return t(L, 'site.event.evac', { actor: e.actor, expected: s('expected'), accounted: s('accounted'), missing: s('missing') });
    case 'site.area.added':
      return t(L, 'site.event.areaAdded', { actor: e.actor, id: s('id'), name: s('name') });
    case 'site.area.removed':
      return t(L, 'site.event.areaRemoved', { actor: e.actor, id: s('id'), name: s('name') });
    default:
      return t(L, 'site.event.watch', { actor: e.actor, n: s('n'), text: s('text') });
  }
}

/** The lead's DM: how many are missing, the count as recorded, when the next reminder comes, the card's Edit. */
export function siteAlertDm(i: Incident, n: DeadlineNotice & { to: PersonRef }): Card {
  const L = i.locale as Locale;
  const e = latest(i.site?.evac);
  const blocks: Block[] = [text(t(L, 'deadline.incident', { key: i.key, title: i.title, level: i.level }))];
  if (e) blocks.push(text(t(L, 'site.alert.body', { expected: e.expected, accounted: e.accounted, who: e.by.name }), { time: e.at, style: 'full' }));
  blocks.push(text(t(L, 'site.alert.every', { every: formatAge(L, SITE_ALERT_EVERY), key: i.key })));
  if (n.late) blocks.push(text(t(L, 'deadline.sentLate', { age: formatAge(L, n.late) })));
  blocks.push({ kind: 'actions', buttons: [{ ...editButton(i, L), style: 'primary' }] });
  return card(t(L, 'site.alert.title', { missing: missingOf(e), key: i.key }), blocks, 'danger');
}

/** The war-room line of a reminder: "🔴 3 missing on site — reminded @Alice (every 30 min until everyone is accounted for)". */
export function siteNoticeParts(i: Incident, n: DeadlineNotice & { notified: PersonRef[]; skipped: PersonRef[] }): Inline[] {
  const L = i.locale as Locale;
  const who: Inline[] = n.notified.length ? n.notified.flatMap((p, k) => (k ? [', ', mention(p)] : [mention(p)])) : [t(L, n.skipped.length ? 'deadline.notice.nobodyDrill' : 'deadline.notice.nobody')];
  return [t(L, 'site.notice', { missing: missingOf(latest(i.site?.evac)) }), ...who, t(L, 'site.notice.hint', { every: formatAge(L, SITE_ALERT_EVERY) })];
}

export function describeSiteAlert(L: Locale, who: string, rung: number): string {
  return t(L, 'site.event.alert', { who, rung });
}
