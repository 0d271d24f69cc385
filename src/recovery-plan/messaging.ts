import { isOverdue } from '../actions/model.ts';
import { actionLine } from '../actions/messaging.ts';
import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/records.ts';
import { card, text, type Block, type Card } from '../ui/card.ts';
import { GOAL_KINDS, goalProgress, isGoalKind, isVerdict, latestOf, stepPercent, type GoalKind, type Verdict } from './model.ts';

/** The recovery card: per goal its target, its steps (owner, due, status, % done) and its progress; overdue marked. */
export function recoveryCard(core: Core, i: Incident, now: Date, L: Locale = i.locale as Locale): Card {
  const blocks: Block[] = [];
  let overdue = 0;
  for (const kind of GOAL_KINDS) {
    const goal = latestOf(i.recoveryGoals, kind);
    const p = goalProgress(i.actions, kind, now);
    overdue += p.overdue;
    const target = goal ? t(L, 'recovery.target', { target: goal.target, v: goal.v, by: goal.by.name }) : t(L, 'recovery.noTarget');
    const progress = p.pct === undefined ? t(L, 'recovery.noSteps', { key: i.key, kind }) : t(L, 'recovery.progress', { pct: p.pct, n: p.steps.length, overdue: p.overdue });
    blocks.push(text(`${t(L, `recovery.goal.${kind}`)} — ${target} — ${progress}`));
    for (const a of p.steps) blocks.push(text('  ', ...actionLine(core, L, a, now), ` — ${t(L, 'recovery.pct', { pct: stepPercent(a) })}${isOverdue(a, now) ? ` — ${t(L, 'recovery.overdueMark')}` : ''}${a.resource ? ` — ${a.resource}` : ''}`));
    const e = latestOf(i.evaluations, kind);
    if (e) blocks.push(text('  ', t(L, 'recovery.evaluation', { verdict: t(L, `recovery.verdict.${e.verdict}`), note: e.note, v: e.v, by: e.by.name })));
  }
  return card(t(L, 'recovery.title', { key: i.key }), blocks, overdue ? 'warning' : undefined);
}

const EVENTS = ['recovery.goal', 'recovery.progress', 'recovery.evaluated'];
export const isRecoveryEvent = (type: string) => EVENTS.includes(type);

/** Timeline lines of the recovery plan. */
export function describeRecoveryEvent(e: { type: string; actor: string; data?: Record<string, unknown> }, L: Locale): string {
  const d = e.data ?? {};
  const kind = isGoalKind(String(d.kind)) ? (d.kind as GoalKind) : 'business';
  const goal = t(L, `recovery.goal.${kind}`);
  const verdict = isVerdict(String(d.verdict)) ? (d.verdict as Verdict) : 'met';
  if (e.type === 'recovery.goal') return t(L, 'recovery.event.goal', { actor: e.actor, goal, target: String(d.target ?? ''), v: String(d.v ?? 1) });
  if (e.type === 'recovery.progress') return t(L, 'recovery.event.progress', { actor: e.actor, id: String(d.id ?? ''), pct: String(d.pct ?? 0) });
  return t(L, 'recovery.event.evaluated', { actor: e.actor, goal, verdict: t(L, `recovery.verdict.${verdict}`), note: String(d.note ?? ''), v: String(d.v ?? 1) });
}
