import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import type { DocBlock } from '../report/document.ts';
import type { Incident } from '../store/records.ts';
import { GOAL_KINDS, goalProgress, latestOf } from './model.ts';

/**
 * The report's "Effect evaluation" section (src/report/document.ts asks for it): per goal its
 * target, its progress from the recovery steps and its latest evaluation with the evidence. None
 * where no goal, step or evaluation is recorded, so the report says so as before.
 */
export function evaluationReportBlocks(_core: Core, m: { incident: Incident; generatedAt: Date }, locale: Locale, at: (d: Date) => string): DocBlock[] | undefined {
  const i = m.incident;
  const rows: [string, string][] = [];
  for (const kind of GOAL_KINDS) {
    const goal = latestOf(i.recoveryGoals, kind);
    const e = latestOf(i.evaluations, kind);
    const p = goalProgress(i.actions, kind, m.generatedAt);
    if (!goal && !e && p.pct === undefined) continue;
    const parts = [
      goal ? t(locale, 'report.recovery.target', { target: goal.target }) : t(locale, 'recovery.noTarget'),
      p.pct === undefined ? t(locale, 'report.recovery.noSteps') : t(locale, 'recovery.progress', { pct: p.pct, n: p.steps.length, overdue: p.overdue }),
      e
        ? t(locale, 'report.recovery.evaluation', { verdict: t(locale, `recovery.verdict.${e.verdict}`), note: e.note, facts: e.facts.length ? ` (${e.facts.join(', ')})` : '', by: e.by.name, at: at(e.at), v: e.v })
        : t(locale, 'report.recovery.notEvaluated'),
    ];
    rows.push([t(locale, `recovery.goal.${kind}`), parts.join(' — ')]);
  }
  return rows.length ? [{ kind: 'fields', rows }] : undefined;
}
