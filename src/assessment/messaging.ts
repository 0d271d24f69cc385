import type { Core } from '../core.ts';
import { currentFacts, factMark, IMPACT_AREAS, type FactVersion, type Impact } from '../domain/assessment.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { gradeReasons, levelName, roleName } from '../incidents/messaging.ts';
import { assessmentTeam } from '../incidents/roster.ts';
import type { Effect } from '../outbox/enqueue.ts';
import type { LevelNumber, Playbook } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/incidents.ts';
import { card, text, type Block, type Button, type Card, type Inline, type RoomLink } from '../ui/card.ts';

/** Facts shown on the sheet; older ones stay in `/crisis timeline` (Slack allows 50 blocks a message). */
const SHEET_FACTS = 25;

const L = (i: Incident) => i.locale as Locale;
const money = (n: number, currency: string) => `${n.toLocaleString('en')} ${currency}`;

/** When the first assessment is due: the plan's earliest assess-phase step at this level (else the acknowledgement). */
export function assessmentDue(pb: Playbook, i: Incident): Date {
  const plan = pb.plans.find((p) => p.id === i.type);
  const offsets = (plan?.steps ?? []).filter((s) => s.phase === 'assess').map((s) => s.due[String(i.level) as '1']);
  return offsets.length ? new Date(i.raisedAt.getTime() + Math.min(...offsets)) : (i.ackDueAt ?? i.raisedAt);
}

const addButtons = (i: Incident, locale: Locale): Button[] => [
  { id: 'assess.fact', label: t(locale, 'button.addFact'), value: i.key, style: 'primary' },
  { id: 'assess.impact', label: t(locale, 'button.assessImpact'), value: i.key },
];

export function factLine(locale: Locale, f: FactVersion): Inline[] {
  const parts: Inline[] = [`${factMark[f.status]} ${f.id}${f.v > 1 ? ` (v${f.v})` : ''} ${f.what}`];
  const where = [f.where, f.cause && t(locale, 'fact.causeIs', { cause: f.cause })].filter(Boolean).join(' · ');
  if (f.when) parts.push(' — ', { time: f.when, style: 'full' });
  if (where) parts.push(` — ${where}`);
  parts.push(` — ${t(locale, `fact.source.${f.source}` as MessageKey)}, ${t(locale, `fact.confidence.${f.confidence}` as MessageKey)}`);
  if (f.status === 'verified') parts.push(` — ${t(locale, 'fact.verifiedBy', { user: f.verifiedBy!.name })}${f.verifyNote ? `: ${f.verifyNote}` : ''}`);
  else if (f.status === 'disputed') parts.push(` — ${t(locale, 'fact.disputedBy', { user: f.disputedBy!.name, note: f.disputeNote ?? '' })}`);
  else parts.push(` — ${t(locale, 'fact.unverified', { user: f.author.name })}`);
  return parts;
}

export function impactLines(locale: Locale, m: Impact): Block[] {
  const scores = IMPACT_AREAS.map((a) => `${t(locale, `impact.area.${a}` as MessageKey)} ${m.scores[a].score}/5${m.scores[a].note ? ` (${m.scores[a].note})` : ''}`).join(' · ');
  const blocks: Block[] = [text(t(locale, 'impact.line', { n: m.n, user: m.by.name }), { time: m.at, style: 'full' }), text(scores)];
  const losses: string[] = [];
  if (m.directLoss) losses.push(t(locale, 'impact.direct', { amount: money(m.directLoss.amount, m.directLoss.currency) }));
  if (m.indirectLoss) {
    const estimate = m.indirectLoss.estimate !== undefined ? money(m.indirectLoss.estimate, m.indirectLoss.currency) : '—';
    losses.push(t(locale, 'impact.indirect', { amount: estimate }) + (m.indirectLoss.notes ? ` (${m.indirectLoss.notes})` : ''));
  }
  if (losses.length) blocks.push(text(losses.join(' · ')));
  return blocks;
}

/**
 * The assessment card, which is also the fact sheet: who assesses and by when, every fact with
 * ✓ verified / ? unverified / ! disputed, the latest impact, and a pending re-grade with its
 * buttons. Posted when the war room opens and redrawn in place as the record grows.
 */
export function assessmentCard(core: Core, i: Incident): Card {
  const locale = L(i);
  const pb = core.playbook;
  const team = assessmentTeam(pb, i);
  const blocks: Block[] = [
    text(t(locale, 'assess.team'), ...team.flatMap((m, k): Inline[] => [k ? ', ' : '', { user: m.id, name: m.name }, ` (${roleName(pb, m.role, locale)})`])),
    text(t(locale, 'assess.due'), ' ', { time: assessmentDue(pb, i), style: 'full' }),
    { kind: 'heading', text: t(locale, 'assess.facts') },
  ];
  const facts = currentFacts(i.facts ?? []);
  if (!facts.length) blocks.push(text(t(locale, 'assess.noFacts')));
  for (const f of facts.slice(-SHEET_FACTS)) blocks.push(text(...factLine(locale, f)));
  if (facts.length > SHEET_FACTS) blocks.push(text(t(locale, 'assess.moreFacts', { more: facts.length - SHEET_FACTS, key: i.key })));
  const latest = i.impacts?.at(-1);
  blocks.push({ kind: 'heading', text: t(locale, 'assess.impact') });
  blocks.push(...(latest ? impactLines(locale, latest) : [text(t(locale, 'assess.noImpact'))]));
  if (i.regrade) {
    const to = i.regrade.level as LevelNumber;
    blocks.push({ kind: 'divider' });
    blocks.push(text(t(locale, 'assess.regrade', { level: to, current: i.level, reasons: gradeReasons(locale, i.regrade.reasons) })));
    blocks.push({
      kind: 'actions',
      buttons: [
        { id: 'level.change', label: t(locale, 'button.changeLevel', { level: to }), value: `${i.key}:${to}`, style: 'danger' },
        { id: 'level.keep', label: t(locale, 'button.keepLevel', { level: i.level }), value: `${i.key}:${to}` },
      ],
    });
  }
  blocks.push({ kind: 'actions', buttons: addButtons(i, locale) });
  return card(t(locale, 'assess.title', { key: i.key }), blocks, i.regrade ? 'warning' : 'info');
}

/** A new fact (or a corrected version) in the war room, with what can be done about it. */
export function factCard(i: Incident, f: FactVersion): Card {
  const locale = L(i);
  const value = `${i.key}:${f.id}`;
  const fields = [
    { label: t(locale, 'fact.field.what'), value: [f.what] },
    ...(f.when ? [{ label: t(locale, 'fact.field.when'), value: [{ time: f.when, style: 'full' as const }] }] : []),
    ...(f.where ? [{ label: t(locale, 'fact.field.where'), value: [f.where] }] : []),
    ...(f.cause ? [{ label: t(locale, 'fact.field.cause'), value: [f.cause] }] : []),
    ...(f.people ? [{ label: t(locale, 'fact.field.people'), value: [f.people] }] : []),
    { label: t(locale, 'fact.field.source'), value: [t(locale, `fact.source.${f.source}` as MessageKey)] },
    { label: t(locale, 'fact.field.confidence'), value: [t(locale, `fact.confidence.${f.confidence}` as MessageKey)] },
  ];
  return card(t(locale, f.v > 1 ? 'fact.corrected' : 'fact.added', { id: f.id, v: f.v, user: f.author.name }), [
    { kind: 'fields', fields },
    {
      kind: 'actions',
      buttons: [
        { id: 'fact.verify', label: t(locale, 'button.verify'), value, style: 'primary' },
        { id: 'fact.dispute', label: t(locale, 'button.dispute'), value },
        { id: 'fact.correct', label: t(locale, 'button.correct'), value },
      ],
    },
  ]);
}

/** The DM each assessment-team member gets when the war room opens. */
export function assessInviteDm(core: Core, i: Incident, room: RoomLink): Card {
  const locale = L(i);
  return card(t(locale, 'assess.invite.title', { key: i.key, title: i.title }), [
    text(t(locale, 'assess.invite.body', { level: levelName(core.playbook, i.level, locale) }), ' ', { time: assessmentDue(core.playbook, i), style: 'full' }),
    text(t(locale, 'raise.room', { room: '' }), { room }),
    { kind: 'actions', buttons: addButtons(i, locale) },
  ]);
}

export function levelChangedCard(core: Core, i: Incident, e: Extract<Effect, { kind: 'level-changed' }>): Card {
  const locale = L(i);
  return card(t(locale, 'level.changed.title', { key: i.key, from: e.from, to: e.to }), [
    text(t(locale, 'level.changed.body', { user: e.by.name, level: levelName(core.playbook, e.to, locale), reason: e.reason, retimed: e.retimed })),
  ], 'warning');
}

const ASSESSMENT_EVENTS = ['fact.added', 'fact.corrected', 'fact.verified', 'fact.disputed', 'impact.assessed', 'level.suggested', 'level.changed', 'level.kept'] as const;
export const isAssessmentEvent = (type: string) => (ASSESSMENT_EVENTS as readonly string[]).includes(type);

/** One timeline line for an assessment event. */
export function describeAssessmentEvent(e: ChainedEvent, locale: Locale): string {
  const d = e.data as Record<string, unknown>;
  const s = (k: string) => String(d[k] ?? '');
  switch (e.type) {
    case 'fact.added':
    case 'fact.corrected':
      return t(locale, e.type === 'fact.added' ? 'event.fact.added' : 'event.fact.corrected', { actor: e.actor, id: s('id'), v: s('v'), what: s('what') });
    case 'fact.verified':
      return t(locale, 'event.fact.verified', { actor: e.actor, id: s('id'), v: s('v') }) + (d.note ? `: ${s('note')}` : '');
    case 'fact.disputed':
      return t(locale, 'event.fact.disputed', { actor: e.actor, id: s('id'), v: s('v'), note: s('note') });
    case 'impact.assessed':
      return t(locale, 'event.impact.assessed', { actor: e.actor, n: s('n') });
    case 'level.suggested':
      return t(locale, 'event.level.suggested', { level: s('level'), from: s('from') });
    case 'level.changed':
      return t(locale, 'event.level.changed', { actor: e.actor, from: s('from'), to: s('to'), reason: s('reason'), retimed: s('retimed') });
    default:
      return t(locale, 'event.level.kept', { actor: e.actor, level: s('level'), suggested: s('suggested') });
  }
}
