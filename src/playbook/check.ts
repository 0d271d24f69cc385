import { dutyGaps, dutyZone, formatGap } from '../people/duty.ts';
import { loadPlaybook, type Problem } from './load.ts';
import { reviewWarnings } from '../plans/review.ts';

/** `<dir>/<file>:<line>: <field>: <message>`, leaving out the parts a problem does not have. */
export function formatProblem(dir: string, p: Problem): string {
  // Keep the folder as the user typed it so the output is clickable relative to their shell.
  const base = dir === '/' ? '' : dir.replace(/[\\/]+$/, '');
  let where = p.file === '' ? dir : `${base}/${p.file}`;
  if (p.line > 0) where += `:${p.line}`;
  return p.field === '' ? `${where}: ${p.message}` : `${where}: ${p.field}: ${p.message}`;
}

export async function checkPlaybook(dir: string, now: Date = new Date()): Promise<{ ok: boolean; lines: string[] }> {
  const result = await loadPlaybook(dir);
  if (!result.ok) {
    const n = result.problems.length;
    return { ok: false, lines: [...result.problems.map((p) => formatProblem(dir, p)), `${n} problem${n === 1 ? '' : 's'} in ${dir}`] };
  }
  const pb = result.playbook;
  const steps = pb.plans.reduce((sum, plan) => sum + plan.steps.length, 0);
  const lines: string[] = [];
  const placeholders = pb.roster.filter((p) => p.placeholder).length;
  if (placeholders > 0) {
    // Not an error (the shipped playbook is all placeholders), but paging a made-up id in a real crisis would be.
    lines.push(`note: ${placeholders} of ${pb.roster.length} people in roster.yml are placeholders; put in real ids and remove 'placeholder: true' before going live`);
  }
  // A warning, not an error: a role nobody covers at 3 a.m. is a staffing decision, but one to make knowingly.
  const gaps = dutyGaps(pb);
  for (const role of new Set(gaps.map((g) => g.role))) {
    const of = gaps.filter((g) => g.role === role);
    lines.push(`warning: roster.yml: role '${role}' has nobody on duty (${dutyZone(pb)}) ${of.slice(0, 6).map(formatGap).join(', ')}${of.length > 6 ? ` and ${of.length - 6} more` : ''}; widen someone's on_duty or add a person`);
  }
  // A warning, not an error: a plan past its review still runs; revising it is the owner's call.
  lines.push(...(await reviewWarnings(dir, pb, now)));
  lines.push(
    `playbook OK: ${pb.levels.length} levels, ${pb.plans.length} plans, ${steps} steps, ${pb.roles.length} roles, ${pb.roster.length} people, ${pb.resources.length} resources`,
  );
  return { ok: true, lines };
}
