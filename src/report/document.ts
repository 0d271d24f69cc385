import type { Core } from '../core.ts';
import { factLine, impactLines } from '../assessment/messaging.ts';
import { formatAge, t, type MessageKey } from '../i18n/index.ts';
import { gradeReasons, levelName, planTitle, roleName, timelineCard } from '../incidents/messaging.ts';
import { loc, type Locale } from '../playbook/text.ts';
import { plain, type Block } from '../ui/card.ts';
import { formatInZone } from '../ui/times.ts';
import { stepTiming } from './metrics.ts';
import type { ReportModel } from './model.ts';
import { actionReportBlocks } from '../actions/report.ts';
import { evaluationReportBlocks } from '../recovery-plan/report.ts';
import { scorecardSection } from '../drills/report-section.ts';

/**
 * The report as a document in the reader's language and time zone, in no format yet: sections of
 * fields, lists, tables and "what is missing" lines. Markdown, HTML and PDF only lay it out, so
 * what the report says is decided here once.
 */
export type DocBlock =
  | { kind: 'fields'; rows: [string, string][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'missing'; text: string }
  | { kind: 'chart' };
export type DocSection = { id: string; title: string; blocks: DocBlock[] };
export type ReportDoc = { locale: Locale; zone: string; title: string; notes: string[]; sections: DocSection[]; footer: string; metrics: [string, string][] };

export type RenderContext = { core: Core; locale: Locale; zone: string };

const missing = (locale: Locale, key: MessageKey): DocBlock => ({ kind: 'missing', text: t(locale, key) });

export function reportDocument(m: ReportModel, { core, locale, zone }: RenderContext): ReportDoc {
  const pb = core.playbook;
  const i = m.incident;
  const at = (d: Date) => formatInZone(d, zone);
  const str = (blocks: Block[]) => blocks.map((b) => ('text' in b && Array.isArray(b.text) ? plain(b.text, at) : '')).filter(Boolean);
  const age = (ms: number | undefined) => (ms === undefined ? t(locale, 'report.metric.none') : formatAge(locale, ms));
  const phase = (p: string) => t(locale, `phase.${p}` as MessageKey);
  const section = (id: string, blocks: DocBlock[]): DocSection => ({ id, title: t(locale, `report.section.${id}` as MessageKey), blocks });
  const f = (k: string) => t(locale, `report.field.${k}` as MessageKey);
  const none = t(locale, 'report.notRecorded');

  const levelLines = m.levelChanges.map((c) =>
    c.from === undefined
      ? t(locale, 'report.levelSet', { at: at(c.at), to: c.to, user: c.by, suggested: c.suggested ?? '', reason: c.reason })
      : t(locale, 'report.levelChange', { at: at(c.at), from: c.from, to: c.to, user: c.by, reason: c.reason }),
  );
  const overview = section('overview', [
    {
      kind: 'fields',
      rows: [
        [f('key'), i.key],
        [f('type'), planTitle(pb, i.type, locale)],
        [f('level'), levelName(pb, i.level, locale)],
        [f('grade'), gradeReasons(locale, i.gradeReasons)],
        [f('status'), phase(i.status)],
        [f('drill'), t(locale, i.drill ? 'report.yes' : 'report.no')],
        [f('location'), i.location ?? none],
        [f('description'), i.description ?? none],
        [f('started'), at(i.startedAt ?? i.raisedAt)],
        [f('raised'), at(i.raisedAt)],
        [f('reporter'), i.reporter.name],
        [f('lead'), i.lead?.name ?? t(locale, 'report.nobody')],
        [f('acknowledged'), i.ackedAt ? t(locale, 'report.ackedBy', { at: at(i.ackedAt), user: i.ackedBy?.name ?? '' }) : none],
        [f('people'), m.people.join(', ')],
      ],
    },
    { kind: 'list', items: levelLines.length ? levelLines : [t(locale, 'report.noLevelChanges')] },
  ]);

  const timelineLines = str(timelineCard(core, i, m.events, locale).blocks);
  const timeline = section('timeline', timelineLines.length ? [{ kind: 'chart' }, { kind: 'list', items: timelineLines }] : [missing(locale, 'report.missing.timeline')]);

  const facts = section('facts', m.facts.length ? [{ kind: 'list', items: m.facts.map((x) => plain(factLine(locale, x), at)) }] : [missing(locale, 'report.missing.facts')]);

  const impacts = i.impacts ?? [];
  const totals = new Map<string, number>();
  for (const x of impacts) if (x.directLoss) totals.set(x.directLoss.currency, (totals.get(x.directLoss.currency) ?? 0) + x.directLoss.amount);
  const impactItems = impacts.map((x) => str(impactLines(locale, x)).join(' — '));
  if (totals.size) impactItems.push(t(locale, 'report.impact.total', { amounts: [...totals].map(([c, a]) => `${a.toLocaleString('en-US')} ${c}`).join(', ') }));
  const impact = section('impact', impacts.length ? [{ kind: 'list', items: impactItems }] : [missing(locale, 'report.missing.impact')]);

  const stepRows = m.steps.map((s) => {
    const timing = stepTiming(s, m.generatedAt);
    const verdict =
      timing.kind === 'on-time' ? t(locale, 'report.step.onTime') : timing.kind === 'late' ? t(locale, 'report.step.late', { age: formatAge(locale, timing.byMs) }) : timing.kind === 'overdue' ? t(locale, 'report.step.overdue', { age: formatAge(locale, timing.byMs) }) : t(locale, 'report.step.pending');
    const who = s.doneBy?.name ?? (s.owners.length ? s.owners.map((o) => o.name).join(', ') : roleName(pb, s.ownerRole, locale));
    return [String(s.n), loc(s.title, locale), phase(s.phase), who, at(s.dueAt), s.doneAt && s.status === 'done' ? at(s.doneAt) : '—', verdict];
  });
  const response = section('response', stepRows.length ? [{ kind: 'table', head: t(locale, 'report.step.head').split('|'), rows: stepRows }] : [missing(locale, 'report.missing.steps')]);

  const escalationLines = str(timelineCard(core, i, m.escalations, locale).blocks);
  const escalations = section('escalations', escalationLines.length ? [{ kind: 'list', items: escalationLines }] : [missing(locale, 'report.missing.escalations')]);

  const statements = section(
    'statements',
    m.statements.length ? [{ kind: 'list', items: m.statements.map((s) => `${at(s.publishedAt)} ${s.title ?? ''} ${s.channel ?? ''}`.trim()) }] : [missing(locale, 'report.missing.statements')],
  );

  const later = m.phases.filter((p) => p.phase === 'control' || p.phase === 'resolve');
  const control = section('control', later.length ? [{ kind: 'list', items: later.map((p) => t(locale, 'report.phase.entered', { phase: phase(p.phase), at: at(p.at) })) }] : [missing(locale, 'report.missing.control')]);

  const mx = m.metrics;
  const due = mx.steps.onTime + mx.steps.late + mx.steps.overdue;
  const metricRows: [string, string][] = [
    [t(locale, 'report.metric.ack'), age(mx.ackMs)],
    [t(locale, 'report.metric.statement'), age(mx.firstStatementMs)],
    [t(locale, 'report.metric.control'), age(mx.controlMs)],
    [t(locale, 'report.metric.resolve'), age(mx.resolveMs)],
    [t(locale, 'report.metric.stepsOnTime'), mx.onTimePct === undefined ? t(locale, 'report.metric.none') : t(locale, 'report.metric.stepsOnTimeValue', { pct: mx.onTimePct, onTime: mx.steps.onTime, due })],
    [t(locale, 'report.metric.alerts'), String(mx.alerts)],
    [t(locale, 'report.metric.escalations'), String(mx.escalations)],
  ];

  // No records exist yet for these parts of the SOP's review: each says so rather than stay blank.
  const fed: Partial<Record<string, DocBlock[]>> = { ...actionReportBlocks(core, m, locale, at), evaluation: evaluationReportBlocks(core, m, locale, at) };
  const notYet = (['evaluation', 'rootCause', 'shortfalls', 'lessons', 'actions'] as const).map((id) => section(id, fed[id] ?? [missing(locale, `report.missing.${id}`)]));

  return {
    locale,
    zone,
    title: t(locale, 'report.title', { key: i.key, title: i.title }),
    notes: [t(locale, 'report.draft', { at: at(m.generatedAt), zone }), t(locale, 'report.zone', { zone })],
    sections: [overview, section('metrics', [{ kind: 'fields', rows: metricRows }]), ...scorecardSection(m, { core, locale, zone }), timeline, facts, impact, response, escalations, statements, control, ...notYet],
    footer: m.head ? t(locale, 'report.footer', { seq: m.head.seq, hash: m.head.hash, key: i.key }) : t(locale, 'report.footer.empty'),
    metrics: metricRows,
  };
}
