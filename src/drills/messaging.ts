import type { Core } from '../core.ts';
import { formatAge, t, type MessageKey } from '../i18n/index.ts';
import { planTitle, roleName } from '../incidents/messaging.ts';
import { loc, type Locale } from '../playbook/text.ts';
import { card, text, type Card } from '../ui/card.ts';
import { formatInZone } from '../ui/times.ts';
import type { Scorecard } from './read.ts';
import { gapsByPhase, type FigureChange, type DrillComparison } from './scorecard.ts';

/**
 * The scorecard in words, once: the war room's card, the report's section and `crisis-bot drills`
 * all take their text from here, so the three never disagree.
 */
export type ScorecardWords = { title: string; fields: [string, string][]; gaps: string[]; comparisons: string[] };

type Ctx = { core: Core; locale: Locale; zone: string };

const phaseName = (L: Locale, p: string) => t(L, `phase.${p}` as MessageKey);

export const ackText = (L: Locale, ms: number | undefined) => (ms === undefined ? t(L, 'drills.value.none') : formatAge(L, ms));
export const stepsText = (L: Locale, s: { onTimePct?: number; onTime: number; due: number }) =>
  s.onTimePct === undefined ? t(L, 'drills.value.noSteps') : t(L, 'drills.value.steps', { pct: s.onTimePct, onTime: s.onTime, due: s.due });

function figure(L: Locale, what: 'ack' | 'onTime' | 'statements' | 'gaps', c: FigureChange): string {
  if (c.trend === 'unknown') return t(L, 'drills.cmp.unknown', { what: t(L, `drills.what.${what}`) });
  const value = (v: number) => (what === 'ack' ? formatAge(L, v) : what === 'onTime' ? `${v} %` : String(v));
  const sign = c.delta! > 0 ? '+' : c.delta! < 0 ? '−' : '±';
  const delta = what === 'ack' ? `${sign}${formatAge(L, Math.abs(c.delta!))}` : what === 'onTime' ? t(L, 'drills.points', { sign, n: Math.abs(c.delta!) }) : `${sign}${Math.abs(c.delta!)}`;
  return t(L, `drills.cmp.${what}`, { now: value(c.now!), then: value(c.then!), delta, trend: t(L, `drills.trend.${c.trend}`) });
}

export function comparisonLine(L: Locale, zone: string, c: DrillComparison): string {
  const figures = (['ack', 'onTime', 'statements', 'gaps'] as const).map((w) => figure(L, w, c[w])).join('; ');
  return t(L, 'drills.compareLine', { key: c.previous.key, date: formatInZone(c.previous.raisedAt, zone).slice(0, 10), figures });
}

export function scorecardWords({ score, comparisons }: Scorecard, { core, locale: L, zone }: Ctx): ScorecardWords {
  const pb = core.playbook;
  const st = score.statements;
  const fields: [string, string][] = [
    [t(L, 'drills.field.ack'), ackText(L, score.ackMs)],
    [t(L, 'drills.field.steps'), stepsText(L, score)],
    [t(L, 'drills.field.statements'), st.drafted ? t(L, 'drills.value.statements', { inTime: st.inTime, drafted: st.drafted, deadline: formatInZone(st.deadline, zone) }) : t(L, 'drills.value.noStatements')],
    [t(L, 'drills.field.gaps'), score.gaps.length ? t(L, 'drills.value.gaps', { n: score.gaps.length }) : t(L, 'drills.value.noGaps')],
  ];
  const gaps = gapsByPhase(score.gaps).map((g) =>
    t(L, 'drills.gapLine', { phase: phaseName(L, g.phase), steps: g.steps.map((s) => t(L, 'drills.gapStep', { n: s.n, title: loc(s.title, L), role: roleName(pb, s.ownerRole, L) })).join('; ') }),
  );
  return {
    title: t(L, 'drills.card.title', { key: score.key, plan: planTitle(pb, score.plan, L) }),
    fields,
    gaps,
    comparisons: comparisons.length ? comparisons.map((c) => comparisonLine(L, zone, c)) : [t(L, 'drills.compareNone')],
  };
}

/** The card posted in the drill's war room when it closes (the drill port adds the DRILL mark). */
export function scorecardCard(sc: Scorecard, ctx: Ctx): Card {
  const w = scorecardWords(sc, ctx);
  return card(
    w.title,
    [
      { kind: 'fields', fields: w.fields.map(([label, value]) => ({ label, value: [value] })) },
      ...(w.gaps.length ? [text(t(ctx.locale, 'drills.gapsTitle')), ...w.gaps.map((g) => text(g))] : []),
      text(t(ctx.locale, 'drills.compareTitle')),
      ...w.comparisons.map((c) => text(c)),
    ],
    'info',
  );
}
