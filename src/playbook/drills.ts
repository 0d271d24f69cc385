import { stat } from 'node:fs/promises';
import path from 'node:path';
import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import { asList, asString, field, knownPlanIds, type RoleRefs } from './cross-checks.ts';
import { tryParseDuration } from './duration.ts';
import { dotted, validate } from './issues.ts';
import type { Problems, Source } from './problems.ts';
import { RoleIdSchema, TimeZoneSchema } from './schema.ts';
import { readSource } from './yaml-source.ts';

/**
 * `drills.yml` (optional): when each plan is drilled (SOP 5, 定期演练) — a node-cron expression in
 * the schedule's zone — who takes part, and how long before the bot tells them (`lead_time`,
 * default 1d). A file of its own rather than a `drills:` key in each plan: the schedule is the
 * training calendar, kept by whoever runs the exercises, not part of the plan's procedure.
 */
export const DRILLS_FILE = 'drills.yml';

/** The announcement's claim (a done mark) is kept 7 days by the purge (src/store/retention.ts): a longer lead could announce twice. */
export const MAX_LEAD_MS = 6 * 86_400_000;
export const DEFAULT_LEAD_MS = 86_400_000;

const LeadSchema = z
  .string()
  .transform((v, ctx) => {
    const r = tryParseDuration(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
    else if (r.ms > MAX_LEAD_MS) ctx.addIssue({ code: 'custom', message: `lead time '${v}' is longer than 6d; announce at most 6 days ahead (the bot keeps its record of an announcement for 7)` });
    return r.ok ? r.ms : 0;
  })
  .describe('how long before the drill its people are told, e.g. 1d or 2h (at most 6d)');

export const DrillScheduleSchema = z.strictObject({
  plan: z.string().describe('a plan id from plans/'),
  cron: z.string().describe("a five-field cron expression (minute hour day-of-month month weekday), e.g. '0 10 1 */3 *'"),
  roles: z.array(RoleIdSchema).min(1).describe('the role ids who take part and are told beforehand'),
  lead_time: LeadSchema.optional(),
  timezone: TimeZoneSchema.optional(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional().describe('the level the drill is run at (shown in the announcement)'),
});
export const DrillsFileSchema = z.strictObject({ drills: z.array(DrillScheduleSchema).describe('a list of drill schedules') });

export type DrillSchedule = { plan: string; cron: string; roles: string[]; leadMs: number; timezone?: string; level?: number };

/** Why a cron expression is refused, in words that say how to fix it; undefined when it is good. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 6) return `'${expression}' has six fields; drill schedules use five (minute hour day-of-month month weekday), e.g. '0 10 1 */3 *'`;
  const v = validateDetailed(expression);
  if (v.valid) return undefined;
  const why = v.errors.map((e) => e.message).join('; ');
  return `'${expression}' is not a valid cron expression (${why}); write five fields: minute hour day-of-month month weekday, e.g. '0 10 1 */3 *'`;
}

/** What the schema cannot see: the cron expression (node-cron's validate), the plan and the roles. */
export function checkDrills(src: Source, planIds: readonly string[], refs: RoleRefs, out: Problems): void {
  const report = (p: (string | number)[], message: string) => out.addOnce({ file: src.file, line: src.lineOf(p), field: dotted(p), message });
  asList(field(src.raw, 'drills')).forEach((d, i) => {
    const cron = asString(field(d, 'cron'));
    const problem = cron === undefined ? undefined : cronProblem(cron);
    if (problem) report(['drills', i, 'cron'], problem);
    const plan = asString(field(d, 'plan'));
    if (plan && !planIds.includes(plan)) report(['drills', i, 'plan'], `unknown plan '${plan}'; use one of: ${planIds.join(', ')}`);
    asList(field(d, 'roles')).forEach((role, j) => {
      if (refs.check(src, ['drills', i, 'roles', j], role, out)) refs.checkStaffed(src, ['drills', i, 'roles', j], role as string, out);
    });
  });
}

/** Reads and checks drills.yml when present (no schedules without it); undefined when it is broken (reported). */
export async function loadDrills(dir: string, planSrcs: readonly Source[], refs: RoleRefs, out: Problems): Promise<{ schedules: DrillSchedule[] } | undefined> {
  const there = await stat(path.join(dir, DRILLS_FILE)).then(() => true, () => false);
  if (!there) return { schedules: [] };
  const src = await readSource(dir, DRILLS_FILE, 'the drill schedules', out);
  if (!src) return undefined;
  const file = validate(src, DrillsFileSchema, out);
  const planIds = await knownPlanIds(dir, planSrcs);
  const before = out.list.length;
  checkDrills(src, planIds, refs, out);
  if (!file || out.list.length > before) return undefined;
  return {
    schedules: file.drills.map((d) => ({ plan: d.plan, cron: d.cron, roles: d.roles, leadMs: d.lead_time ?? DEFAULT_LEAD_MS, timezone: d.timezone, level: d.level })),
  };
}
