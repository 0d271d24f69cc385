import { rtoSimulation } from '../continuity/simulate.ts';
import { instantiateChecklist } from '../domain/checklist.ts';
import { NOTIFY_LEAD, NOTIFY_OWNERS, plannedAlerts } from '../domain/escalation.ts';
import { formatAge, t } from '../i18n/index.ts';
import { ladderText, targetName } from '../incidents/alert-cards.ts';
import { LEAD_ROLE } from '../incidents/roster.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { formatProblem } from './check.ts';
import { formatDuration } from './duration.ts';
import { loadPlaybook } from './load.ts';
import type { LevelNumber, Playbook } from './schema.ts';
import { loc, type Locale } from './text.ts';

export type Simulation = { lines: string[]; unreached: number };

/**
 * `crisis-bot simulate PLAN --level N`: when each deadline of an untouched incident falls due,
 * who is alerted and when it escalates — from the playbook and the domain rules alone, no
 * database — so a playbook can be checked in CI before anyone relies on it. `unreached` counts
 * alerts that would reach nobody (a role no one in the roster holds).
 */
export function simulate(pb: Playbook, planId: string, level: LevelNumber, L: Locale): Simulation {
  const plan = pb.plans.find((p) => p.id === planId)!;
  const policy = policyOf(pb, level);
  const holders = (role: string) => pb.roster.filter((p) => p.roles.includes(role)).map((p) => p.name);
  const lead = holders(LEAD_ROLE).slice(0, 1);
  const steps = instantiateChecklist(plan, level, new Date(0)).map((d) => ({ ...d, dueAfter: d.dueAt.getTime() }));
  const horizon = Math.max(policy.acknowledge, ...steps.map((s) => s.dueAfter)) + policy.ladder.at(-1)!.after;
  // The first few nudges show the cadence; listing a month of hourly nudges would bury the steps.
  const planned = plannedAlerts({ ackAfter: policy.acknowledge, cadence: policy.cadence, ladder: policy.ladder, steps, statementAfter: policy.firstStatement }, Math.min(horizon, 3 * policy.cadence))
    // The first public statement's ladder counts from first_statement, which may lie past the steps' horizon.
    .filter((a) => a.kind !== 'statement' || a.at <= Math.max(horizon, policy.firstStatement + policy.ladder.at(-1)!.after));
  // The "owners" of the next public statement are the publisher roles (statements.yml), else the lead.
  const publishers = (pb.statements?.publishers ?? []).flatMap(holders);

  const at = (ms: number) => `T+${ms === 0 ? '0' : formatDuration(ms)}`.padEnd(10);
  const lines = [
    t(L, 'simulate.title', { plan: plan.id, title: loc(plan.title, L), level: loc(pb.levels[level - 1]!.name, L) }),
    t(L, 'simulate.policy', { ack: formatAge(L, policy.acknowledge), cadence: formatAge(L, policy.cadence), ladder: ladderText(pb, L, policy.ladder) }),
    '',
  ];
  const inDrill = new Set(plan.roles.flatMap(holders));
  const notInDrill = new Set<string>();
  let unreached = 0;
  for (const a of planned) {
    const step = a.n !== undefined ? steps.find((s) => s.n === a.n) : undefined;
    const owners = step ? holders(step.ownerRole) : a.kind === 'statement' && publishers.length ? publishers : lead;
    const people = a.notify === NOTIFY_OWNERS ? owners : a.notify === NOTIFY_LEAD ? lead : holders(a.notify);
    for (const p of people) if (!inDrill.has(p)) notInDrill.add(p);
    if (people.length === 0) unreached++;
    // The "owners" of an acknowledgement or an update are the lead.
    const target = a.kind === 'statement' && a.notify === NOTIFY_OWNERS && publishers.length ? (pb.statements?.publishers?.[0] ?? NOTIFY_LEAD) : a.kind !== 'step' && a.notify === NOTIFY_OWNERS ? NOTIFY_LEAD : a.notify;
    const who = { target: targetName(pb, L, target), people: people.join(', ') || t(L, 'simulate.nobody') };
    if (a.kind === 'step' && a.rung === 0) {
      const role = loc(pb.roles.find((r) => r.id === step!.ownerRole)?.name ?? { en: step!.ownerRole, 'zh-CN': step!.ownerRole }, L);
      lines.push(`${at(step!.dueAfter)}${t(L, 'simulate.stepDue', { n: a.n!, title: loc(plan.steps.find((s) => s.id === step!.planStepId)!.title, L), role })}`);
    }
    if (a.kind === 'ack' && a.rung === 0) lines.push(`${at(policy.acknowledge)}${t(L, 'simulate.ackDue', { lead: lead.join(', ') || t(L, 'simulate.nobody') })}`);
    if (a.kind === 'statement' && a.rung === 0) lines.push(`${at(policy.firstStatement)}${t(L, 'simulate.statementDue')}`);
    const text =
      a.kind === 'step'
        ? t(L, 'simulate.alert.step', { n: a.n!, ...who })
        : a.kind === 'ack'
          ? t(L, 'simulate.alert.ack', who)
          : a.kind === 'statement'
            ? t(L, 'simulate.alert.statement', who)
            : t(L, 'simulate.alert.update', { age: formatAge(L, a.at), ...who });
    lines.push(`${at(a.at)}  ${text}`);
  }
  const rto = rtoSimulation(pb, planId, L, holders, lead);
  unreached += rto.unreached;
  lines.push(...rto.lines, '', t(L, 'simulate.cadence', { cadence: formatAge(L, policy.cadence) }));
  if (notInDrill.size) lines.push(t(L, 'simulate.drill', { names: [...notInDrill].join(', ') }));
  lines.push(unreached ? t(L, 'simulate.problems', { count: unreached }) : t(L, 'simulate.ok', { count: planned.length + rto.alerts }));
  return { lines, unreached };
}

/** The command line around simulate(): `PLAN --level N` (also `--level=N`); exit 1 when an alert reaches nobody. */
export async function simulateCli(args: readonly string[], playbookDir: string, L: Locale): Promise<{ code: number; out: string[]; err: string[] }> {
  const loaded = await loadPlaybook(playbookDir);
  if (!loaded.ok) return { code: 1, out: [], err: loaded.problems.map((p) => formatProblem(playbookDir, p)) };
  const pb = loaded.playbook;
  const plans = pb.plans.map((p) => p.id).join(', ');
  const planId = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--level');
  const levelArg = args.find((a) => a.startsWith('--level='))?.slice('--level='.length) ?? args[args.indexOf('--level') + 1];
  if (!planId || levelArg === undefined) return { code: 2, out: [], err: [t(L, 'simulate.usage', { plans })] };
  if (!pb.plans.some((p) => p.id === planId)) return { code: 2, out: [], err: [t(L, 'simulate.unknownPlan', { plan: planId, plans })] };
  if (!levelArg || !/^[1-4]$/.test(levelArg)) return { code: 2, out: [], err: [t(L, 'simulate.badLevel', { level: levelArg ?? '' })] };
  const sim = simulate(pb, planId, Number(levelArg) as LevelNumber, L);
  return { code: sim.unreached ? 1 : 0, out: sim.lines, err: [] };
}
