import { recordLine, type Head } from './record-line.ts';
import type { Core } from '../core.ts';
import { isOverdue } from '../domain/checklist.ts';
import type { Reason } from '../domain/grading.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { formatAge, t } from '../i18n/index.ts';
import type { LevelNumber, Playbook } from '../playbook/schema.ts';
import { loc, type Locale } from '../playbook/text.ts';
import type { Incident } from '../store/incidents.ts';
import { card, text, type Block, type Card, type Inline } from '../ui/card.ts';
import { describeAssessmentEvent, isAssessmentEvent } from '../assessment/messaging.ts';
import { describeDeadlineEvent, summaryDeadlines } from './alert-cards.ts';
import type { Member } from './roster.ts';
import { leadByDefault } from './identity.ts';
import { CHECKLIST_PAGE_SIZE, type OpenSummary, type Step } from './service.ts';
import { describeStatementEvent, isStatementEvent } from '../statements/messaging.ts';
import { describePeopleEvent, isPeopleEvent, rolesSummary } from '../people/messaging.ts';
import { describeResourceEvent, isResourceEvent, requestsSummary } from '../resources/messaging.ts';
import { describeHoldEvent, holdSummary, isHoldEvent } from '../evidence/messaging.ts';
import { describeContinuityEvent, isContinuityEvent } from '../continuity/messaging.ts';
import { describeSiteEvent, isSiteEvent } from '../site/messaging.ts';
import { describeOverride, OVERRIDE_EVENT } from './phase-guards.ts';
import { describeReportEvent, isReportEvent } from '../report/events.ts';
import { describeActionEvent, isActionEvent } from '../actions/events.ts';
import { describePlanEvent, isPlanEvent } from '../plans/messaging.ts';

const localeOf = (i: Incident) => i.locale as Locale;

export const levelName = (pb: Playbook, level: number, locale: Locale) =>
  loc(pb.levels.find((l) => l.level === level)!.name, locale);
export const planTitle = (pb: Playbook, id: string, locale: Locale) => loc(pb.plans.find((p) => p.id === id)?.title ?? { en: id, 'zh-CN': id }, locale);
export const roleName = (pb: Playbook, id: string, locale: Locale) => loc(pb.roles.find((r) => r.id === id)?.name ?? { en: id, 'zh-CN': id }, locale);

function criterionValue(locale: Locale, r: Reason, which: 'value' | 'threshold'): string {
  const v = r[which];
  if (r.criterion === 'media_attention') return t(locale, `media.${v}` as 'media.none');
  if (r.criterion === 'operations_disrupted') return t(locale, `ops.${v}` as 'ops.none');
  return String(v);
}

/** "people affected 12 ≥ 10; casualties 3 ≥ 3" */
export function gradeReasons(locale: Locale, reasons: readonly Reason[]): string {
  return reasons.length
    ? reasons
        .map((r) =>
          t(locale, 'grade.reason', {
            criterion: t(locale, `criterion.${r.criterion}`),
            value: criterionValue(locale, r, 'value'),
            threshold: criterionValue(locale, r, 'threshold'),
          }),
        )
        .join('; ')
    : t(locale, 'grade.none');
}

/** "Level 2 — people affected 12 ≥ 10" */
export const gradeLine = (locale: Locale, level: LevelNumber, reasons: readonly Reason[]) =>
  t(locale, 'grade.line', { level, reasons: gradeReasons(locale, reasons) });

function levelLines(pb: Playbook, i: Incident, locale: Locale): string[] {
  const lines = [`${levelName(pb, i.level, locale)} — ${gradeReasons(locale, i.gradeReasons)}`];
  if (i.levelChange) {
    lines.push(t(locale, 'grade.changed', { from: i.levelChange.from, level: i.level, user: i.levelChange.by.name, reason: i.levelChange.reason }));
  } else if (i.overrideReason) {
    lines.push(t(locale, 'grade.override', { level: i.level, user: i.reporter.name, suggested: i.suggestedLevel, reason: i.overrideReason }));
  }
  return lines;
}

const person = (p: { id: string; name: string } | null | undefined, locale: Locale): Inline =>
  p ? { user: p.id, name: p.name } : t(locale, 'summary.nobody');

export function summaryCard(core: Core, i: Incident, head?: Head): Card {
  const locale = localeOf(i);
  const pb = core.playbook;
  const level = pb.levels.find((l) => l.level === i.level)!;
  const raised = i.raisedAt.getTime();
  const blocks: Block[] = [];
  if (i.drill) blocks.push(text(t(locale, 'summary.drill')));
  blocks.push(...holdSummary(i, locale));
  blocks.push(
    {
      kind: 'fields',
      fields: [
        { label: t(locale, 'summary.level'), value: [levelLines(pb, i, locale).join('\n')] },
        { label: t(locale, 'summary.type'), value: [planTitle(pb, i.type, locale)] },
        { label: t(locale, 'summary.status'), value: [t(locale, `phase.${i.status}` as 'phase.identify')] },
        { label: t(locale, 'summary.reporter'), value: [person(i.reporter, locale)] },
        { label: t(locale, 'summary.lead'), value: leadByDefault(pb, i) ? [person(i.lead, locale), ` ${t(locale, 'terminal.leadByDefault')}`] : [person(i.lead, locale)] },
        { label: t(locale, 'summary.raised'), value: [{ time: i.raisedAt, style: 'full' }] },
        // The acknowledgement deadline is set at the raise and watched as such; a later level change re-times steps only.
        { label: t(locale, 'summary.ack'), value: [{ time: i.ackDueAt ?? new Date(raised + level.response.acknowledge), style: 'full' }] },
        { label: t(locale, 'summary.statement'), value: [{ time: new Date(raised + level.response.first_statement), style: 'full' }] },
        { label: t(locale, 'summary.cadence'), value: [formatAge(locale, level.response.update_every)] },
      ],
    },
  );
  if (i.location) blocks.push({ kind: 'fields', fields: [{ label: t(locale, 'summary.where'), value: [i.location] }] });
  if (i.description) blocks.push({ kind: 'fields', fields: [{ label: t(locale, 'summary.what'), value: [i.description] }] });
  blocks.push(...rolesSummary(core, i), ...requestsSummary(core, i));
  blocks.push(...summaryDeadlines(core, i, locale), ...recordLine(locale, i.key, head));
  return card(t(locale, 'summary.title', { key: i.key, title: i.title }), blocks, i.level <= 2 ? 'danger' : 'warning');
}

export function readyCard(i: Incident): Card {
  const room = i.room!;
  return card(undefined, [text(t(localeOf(i), 'raise.ready', { key: i.key }), ' ', { room: { id: room.id, name: room.name, url: room.url } })], 'success');
}

export function pendingCard(i: Incident, platform: string): Card {
  return card(undefined, [text(t(localeOf(i), 'raise.pending', { key: i.key, platform }))], 'warning');
}

export function invitedCard(core: Core, i: Incident, members: Member[]): Card {
  const locale = localeOf(i);
  return card(
    t(locale, 'raise.invited'),
    members.map((m) => text({ user: m.id, name: m.name }, ` — ${roleName(core.playbook, m.role, locale)}`)),
  );
}

export function stepLine(core: Core, locale: Locale, s: Step, now: Date): Inline[] {
  const mark = s.status === 'done' ? '☑' : isOverdue(s, now) ? '⚠' : '☐';
  const parts: Inline[] = [`${mark} ${s.n}. ${loc(s.title, locale)} — ${t(locale, 'checklist.owner', { role: roleName(core.playbook, s.ownerRole, locale) })}`];
  if (s.status === 'done' && s.doneBy) {
    parts.push(' — ', t(locale, 'checklist.doneBy', { user: s.doneBy.name }), ' ', { time: s.doneAt!, style: 'full' });
  } else {
    parts.push(` — ${t(locale, 'checklist.due')} `, { time: s.dueAt, style: 'full' });
    if (isOverdue(s, now)) parts.push(` ${t(locale, 'checklist.overdue')}`);
  }
  return parts;
}

/** The checklist in pages of CHECKLIST_PAGE_SIZE steps, grouped by phase, each with a Done/Reopen button. */
export function checklistPages(core: Core, i: Incident, steps: readonly Step[]): Card[] {
  const locale = localeOf(i);
  const now = core.now();
  const pages = Math.max(1, Math.ceil(steps.length / CHECKLIST_PAGE_SIZE));
  return Array.from({ length: pages }, (_, page) => checklistPage(core, i, steps, page, pages, locale, now));
}

export function checklistPage(core: Core, i: Incident, steps: readonly Step[], page: number, pages: number, locale: Locale, now: Date): Card {
  const blocks: Block[] = [];
  let phase = '';
  for (const s of steps.filter((s) => s.page === page)) {
    if (s.phase !== phase) {
      phase = s.phase;
      blocks.push({ kind: 'heading', text: t(locale, `phase.${s.phase}` as 'phase.identify') });
    }
    const done = s.status === 'done';
    blocks.push({
      kind: 'item',
      text: stepLine(core, locale, s, now),
      button: {
        id: done ? 'step.reopen' : 'step.done',
        label: t(locale, done ? 'button.reopen' : 'button.done'),
        value: `${i.key}:${s.n}`,
        style: done ? undefined : 'primary',
      },
    });
  }
  if (page === pages - 1) blocks.push(text(t(locale, 'checklist.hint', { key: i.key })));
  return card(t(locale, 'checklist.title', { key: i.key, page: page + 1, pages }), blocks);
}

export function statusListCard(locale: Locale, { rows, total }: { rows: OpenSummary[]; total: number }, now: Date): Card {
  if (rows.length === 0) return card(t(locale, 'status.title'), [text(t(locale, 'status.none'))]);
  const lines = rows.map(({ incident: i, open, overdue }) =>
    // A drill is marked in the list as on every card, so nobody mistakes an exercise for a crisis.
    text(`${i.drill ? `${t(locale, 'drill.prefix')} ` : ''}${t(locale, 'status.line', { key: i.key, level: i.level, title: i.title, age: formatAge(locale, now.getTime() - i.raisedAt.getTime()), open, overdue })}`),
  );
  if (total > rows.length) lines.push(text(t(locale, 'status.more', { more: total - rows.length })));
  return card(t(locale, 'status.title'), lines);
}

export function incidentStatusCards(core: Core, i: Incident, steps: readonly Step[], locale: Locale): Card[] {
  const now = core.now();
  const done = steps.filter((s) => s.status === 'done').length;
  const overdue = steps.filter((s) => isOverdue(s, now)).length;
  const summary = summaryCard(core, { ...i, locale } as Incident);
  summary.blocks.push(text(t(locale, 'status.progress', { done, total: steps.length, overdue })));
  if (i.room?.name) summary.blocks.push(text(t(locale, 'raise.room', { room: '' }), { room: { id: i.room.id!, name: i.room.name, url: i.room.url ?? undefined } }));
  const pages = Math.max(1, Math.ceil(steps.length / CHECKLIST_PAGE_SIZE));
  return [summary, ...Array.from({ length: pages }, (_, p) => checklistPage(core, i, steps, p, pages, locale, now))];
}

export function timelineCard(core: Core, i: Incident, events: readonly ChainedEvent[], locale: Locale): Card {
  return card(
    t(locale, 'timeline.title', { key: i.key }),
    events.map((e) => text({ time: e.at, style: 'full' }, `  ${describeEvent(core, e, locale)}`)),
  );
}

function describeEvent(core: Core, e: ChainedEvent, locale: Locale): string {
  if (isAssessmentEvent(e.type)) return describeAssessmentEvent(e, locale);
  if (isStatementEvent(e.type)) return describeStatementEvent(core, e, locale);
  if (isPeopleEvent(e.type)) return describePeopleEvent(core.playbook, e, locale);
  if (isResourceEvent(e.type)) return describeResourceEvent(core, e, locale);
  if (isHoldEvent(e.type)) return describeHoldEvent(e, locale);
  if (e.type === 'risk.linked') return t(locale, 'risks.event.linked', { actor: e.actor, risk: String(e.data.risk ?? ''), title: String(e.data.title ?? '') });
  if (isContinuityEvent(e.type)) return describeContinuityEvent(core, e, locale);
  if (isSiteEvent(e.type)) return describeSiteEvent(e, locale);
  if (e.type === OVERRIDE_EVENT) return describeOverride(core, e, locale);
  if (isReportEvent(e.type)) return describeReportEvent(e, locale);
  if (isActionEvent(e.type)) return describeActionEvent(e, locale);
  if (isPlanEvent(e.type)) return describePlanEvent(e, locale);
  const d = e.data as Record<string, unknown>;
  const title = d.title && typeof d.title === 'object' ? loc(d.title as { en: string; 'zh-CN': string }, locale) : String(d.title ?? '');
  switch (e.type) {
    case 'incident.raised':
      return t(locale, 'event.incident.raised', { actor: e.actor, level: String(d.level), type: planTitle(core.playbook, String(d.type), locale) });
    case 'level.overridden':
      return t(locale, 'event.level.overridden', { actor: e.actor, level: String(d.level), suggested: String(d.suggested), reason: String(d.reason) });
    case 'room.opened':
      return t(locale, 'event.room.opened', { room: String(d.room) });
    case 'step.done':
    case 'step.reopened':
      return t(locale, e.type === 'step.done' ? 'event.step.done' : 'event.step.reopened', { actor: e.actor, n: String(d.n), title });
    case 'deadline.alert':
    case 'incident.acknowledged':
    case 'status.update':
    case 'step.snoozed':
    case 'step.help':
    case 'dm.refused':
      return describeDeadlineEvent(core, e, locale);
    case 'status.changed':
      return t(locale, 'event.status.changed', { actor: e.actor, from: t(locale, `phase.${String(d.from)}` as 'phase.identify'), to: t(locale, `phase.${String(d.to)}` as 'phase.identify') });
    case 'incident.edited': {
      const changes = (d.changes as { field: string; from?: string; to?: string }[]) ?? [];
      const said = changes.map((c) => t(locale, 'edit.changed', { field: t(locale, `edit.field.${c.field}` as 'edit.field.title'), from: c.from ?? '—', to: c.to ?? '—' }));
      return t(locale, 'edit.event', { actor: e.actor, changes: said.join('; ') });
    }
    case 'delivery.failed':
      return t(locale, 'event.delivery.failed', { effect: String(d.effect), platform: String(d.platform), error: String(d.error) });
    default:
      return t(locale, 'event.other', { type: e.type, actor: e.actor });
  }
}

export function phaseChangedCard(i: Incident, e: { from: string; to: string; by: { name: string } }): Card {
  const locale = localeOf(i);
  const phase = (p: string) => t(locale, `phase.${p}` as 'phase.identify');
  return card(undefined, [text(t(locale, 'phase.changed', { key: i.key, from: phase(e.from), to: phase(e.to), user: e.by.name }))], 'info');
}
