import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { asList, asString, field, type RoleRefs } from './cross-checks.ts';
import { closest, dotted, validate } from './issues.ts';
import type { Problems, Source } from './problems.ts';
import { DurationSchema, LocalizedTextSchema, RoleIdSchema } from './schema.ts';
import { readSource } from './yaml-source.ts';

/**
 * `continuity.yml` (optional, issue 16): the organisation's critical business functions — who owns
 * each, how long it may be out (its recovery-time objective, RTO), its priority and what it needs
 * running first. An incident marks functions down, degraded or restored (src/continuity); the RTO
 * is watched on the alert ladder. Checked like the rest: unknown roles and plans, unknown or
 * circular dependencies and bad durations are problems with their file, line and field.
 */

export const CONTINUITY_FILE = 'continuity.yml';
export const MAX_FUNCTIONS = 25;

export const BusinessFunctionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: (iss) => `'${String(iss.input)}' is not a valid function id; use lower-case words joined by '-', like 'order-intake'` }),
  name: LocalizedTextSchema,
  owner: RoleIdSchema.describe('the role (roles.yml) that restores it and hears first when its RTO nears'),
  rto: DurationSchema.describe('its recovery-time objective, e.g. 4h or 1d'),
  priority: z.number().int().min(1).max(9).describe('1 (restore first) to 9'),
  depends_on: z.array(z.string()).optional().describe('ids of the functions it needs running first, e.g. [it-core]'),
  plans: z.array(z.string()).optional().describe('ids of the plans it concerns (offered first for those incidents); every plan when left out'),
});

export const ContinuityFileSchema = z.strictObject({
  functions: z.array(BusinessFunctionSchema).min(1).describe('a list of critical business functions'),
});

export type BusinessFunction = z.infer<typeof BusinessFunctionSchema>;
export type ContinuityConfig = { functions: BusinessFunction[] };

/** Without continuity.yml: no functions; `/crisis service` says so and the resolve guard has nothing to ask. */
export const NO_CONTINUITY: ContinuityConfig = { functions: [] };

/** The first dependency cycle found, as the path of ids (`a → b → a`), or undefined. */
export function findCycle(deps: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      if (!deps.has(d)) continue;
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of deps.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** References the schema cannot see: owner roles, dependency ids, cycles, plan ids, duplicate ids. */
export function checkContinuity(src: Source, planIds: readonly string[], refs: RoleRefs, out: Problems): void {
  const report = (p: (string | number)[], message: string) => out.addOnce({ file: src.file, line: src.lineOf(p), field: dotted(p), message });
  const list = asList(field(src.raw, 'functions'));
  // The form's select holds 25 options on Discord (Slack 100): more would not fit the form.
  if (list.length > MAX_FUNCTIONS) report(['functions'], `${list.length} functions listed; list at most ${MAX_FUNCTIONS} (a Discord form's select holds ${MAX_FUNCTIONS}) — merge the minor ones`);
  const ids = list.flatMap((f) => asString(field(f, 'id')) ?? []);
  const seen = new Set<string>();
  const deps = new Map<string, string[]>();
  const where = new Map<string, number>();
  list.forEach((f, i) => {
    const id = asString(field(f, 'id'));
    if (id && seen.has(id)) report(['functions', i, 'id'], `duplicate function id '${id}'; give each function its own id`);
    // `/crisis service KEY site` is the Site card (src/site): a function of that id could never be marked.
    if (id === 'site') report(['functions', i, 'id'], `'site' is reserved (/crisis service KEY site is the Site card); give the function another id, like 'site-ops'`);
    if (id) {
      seen.add(id);
      where.set(id, i);
    }
    if (refs.check(src, ['functions', i, 'owner'], field(f, 'owner'), out)) refs.checkStaffed(src, ['functions', i, 'owner'], field(f, 'owner') as string, out);
    const own: string[] = [];
    asList(field(f, 'depends_on')).forEach((d, k) => {
      const dep = asString(d);
      if (dep === undefined) return;
      if (dep === id) return report(['functions', i, 'depends_on', k], `function '${id}' cannot depend on itself; remove '${dep}'`);
      if (!ids.includes(dep)) {
        const guess = closest(dep, ids);
        return report(['functions', i, 'depends_on', k], `unknown function '${dep}'; ${guess ? `did you mean '${guess}'? ` : ''}use one of: ${ids.join(', ')}`);
      }
      own.push(dep);
    });
    if (id) deps.set(id, own);
    asList(field(f, 'plans')).forEach((p, k) => {
      const plan = asString(p);
      if (plan === undefined || planIds.length === 0 || planIds.includes(plan)) return;
      const guess = closest(plan, planIds);
      report(['functions', i, 'plans', k], `unknown plan '${plan}'; ${guess ? `did you mean '${guess}'? ` : ''}use one of: ${planIds.join(', ')}`);
    });
  });
  const cycle = findCycle(deps);
  if (cycle) {
    // Reported at the first function of the cycle: restoring in dependency order is impossible until one edge goes.
    const at = where.get(cycle[0]!)!;
    report(['functions', at, 'depends_on'], `dependency cycle ${cycle.join(' → ')}; a function cannot (indirectly) need itself running first — remove one of these dependencies`);
  }
}

/** Reads and checks continuity.yml when the playbook has one; undefined when it is broken (reported). */
export async function loadContinuity(dir: string, planIds: readonly string[], refs: RoleRefs, out: Problems): Promise<ContinuityConfig | undefined> {
  const there = await stat(path.join(dir, CONTINUITY_FILE)).then(() => true, () => false);
  if (!there) return NO_CONTINUITY;
  const src = await readSource(dir, CONTINUITY_FILE, 'the critical business functions', out);
  if (!src) return undefined;
  const file = validate(src, ContinuityFileSchema, out);
  checkContinuity(src, planIds, refs, out);
  return file ? { functions: file.functions } : undefined;
}
