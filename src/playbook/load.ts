import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LevelsFileSchema, PlanSchema, ResourcesFileSchema, RolesFileSchema, RosterFileSchema, type Plan } from './schema.ts';
import { type LoadResult, Problems, TOP_FILES } from './problems.ts';
import { readPlans, readSource } from './yaml-source.ts';
import { validate } from './issues.ts';
import { loadEarlyWarning } from './early-warning.ts';
import { loadStatements } from './statements.ts';
import { loadContinuity } from './continuity.ts';
import { knownPlanIds } from './cross-checks.ts';
import { loadDrills } from './drills.ts';
import { RoleRefs, checkDuplicates, checkEscalation, checkLevels, checkPlan, checkResources, checkRoster } from './cross-checks.ts';

export type { LoadResult, Problem } from './problems.ts';

export async function loadPlaybook(dir: string): Promise<LoadResult> {
  const absDir = path.resolve(dir);
  const out = new Problems();

  const dirStat = await stat(absDir).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    out.add({
      file: '',
      line: 0,
      field: '',
      message: 'playbook folder not found; pass the path of a folder containing levels.yml, roles.yml, roster.yml, resources.yml and plans/',
    });
    return { ok: false, problems: out.list };
  }

  const [levelsSrc, rolesSrc, rosterSrc, resourcesSrc] = await Promise.all(
    Object.values(TOP_FILES).map((f) => readSource(absDir, f.file, f.what, out)),
  );
  const planSrcs = await readPlans(absDir, out);

  const levelsFile = levelsSrc && validate(levelsSrc, LevelsFileSchema, out);
  const rolesFile = rolesSrc && validate(rolesSrc, RolesFileSchema, out);
  const rosterFile = rosterSrc && validate(rosterSrc, RosterFileSchema, out);
  const resourcesFile = resourcesSrc && validate(resourcesSrc, ResourcesFileSchema, out);
  const plans = planSrcs.map((src) => validate(src, PlanSchema, out));

  // Cross-checks read the raw YAML values so that a schema error elsewhere in a file
  // does not hide reference or duplicate errors; the dedupe in Problems keeps one report per field.
  const refs = new RoleRefs(rolesSrc, rosterSrc);
  if (levelsSrc) checkLevels(levelsSrc, out);
  if (levelsSrc) checkEscalation(levelsSrc, refs, out);
  if (rolesSrc) checkDuplicates(rolesSrc, 'roles', ['id'], out, 'role id');
  if (rosterSrc) checkRoster(rosterSrc, refs, out);
  if (resourcesSrc) checkResources(resourcesSrc, refs, out);
  for (const src of planSrcs) checkPlan(src, refs, out);
  const early = await loadEarlyWarning(absDir, planSrcs, refs, out);
  const statements = await loadStatements(absDir, planSrcs, refs, out);
  const continuity = await loadContinuity(absDir, await knownPlanIds(absDir, planSrcs), refs, out);
  const drills = await loadDrills(absDir, planSrcs, refs, out);

  if (out.list.length > 0 || !levelsFile || !rolesFile || !rosterFile || !resourcesFile || plans.some((p) => !p) || !early || !statements || !continuity || !drills) {
    return { ok: false, problems: out.sorted() };
  }
  return {
    ok: true,
    playbook: {
      dir: absDir,
      currency: levelsFile.currency,
      timezone: levelsFile.timezone,
      levels: [...levelsFile.levels].sort((a, b) => a.level - b.level),
      levelChangeRoles: levelsFile.level_change_roles ?? [],
      accessRoles: levelsFile.access?.always ?? [],
      roles: rolesFile.roles,
      roster: rosterFile.people,
      resources: resourcesFile.resources,
      plans: plans as Plan[],
      signals: early.signals,
      risks: early.risks,
      statements: statements.config,
      continuity,
      drills: drills.schedules,
      reportDue: levelsFile.report_due,
      planReviewMs: levelsFile.plan_review,
    },
  };
}
