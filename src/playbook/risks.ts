import { z } from 'zod';
import { DurationSchema, LocalizedTextSchema, RoleIdSchema } from './schema.ts';
import { asList, asString, field, type RoleRefs } from './cross-checks.ts';
import { closest, dotted } from './issues.ts';
import type { Problems, Source } from './problems.ts';

/**
 * `risks.yml` (optional): the rating matrix of the risk register (likelihood × impact, 1–5 each),
 * how often a risk of each rating is reviewed, and the starting register a new installation gets.
 */

export const RISKS_FILE = 'risks.yml';
export const RISK_CATEGORIES = ['natural_disaster', 'safety', 'supply_chain', 'cyber', 'product_quality', 'reputation', 'market', 'legal', 'other'] as const;
export const RATINGS = ['high', 'medium', 'low'] as const;
/** The SOP's example cycle: every risk is looked at again at least quarterly. */
export const QUARTERLY_MS = 91 * 24 * 3600_000;

const score = z.number().int().min(1).max(5).describe('a whole number from 1 to 5');

export const RiskEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: (iss) => `'${String(iss.input)}' is not a valid risk id; use lower-case words joined by '-'` }),
  title: LocalizedTextSchema,
  category: z.enum(RISK_CATEGORIES),
  likelihood: score,
  impact: score,
  owner: RoleIdSchema,
  mitigation: LocalizedTextSchema,
  plan: z.string().optional().describe('the id of the plan this risk maps to, like supply-chain'),
});

export const RisksFileSchema = z.strictObject({
  matrix: z
    .strictObject({ high: z.number().int().min(1).max(25), medium: z.number().int().min(1).max(25) })
    .describe('the lowest likelihood × impact of each rating, e.g. { high: 15, medium: 8 } (below medium is low)'),
  review: z
    .strictObject({ high: DurationSchema.optional(), medium: DurationSchema.optional(), low: DurationSchema.optional() })
    .optional()
    .describe('how often a risk is reviewed per rating, e.g. { high: 30d, medium: 90d, low: 90d } (quarterly when absent)'),
  register: z.array(RiskEntrySchema).optional().describe('the starting risk register'),
});

export type RiskCategory = (typeof RISK_CATEGORIES)[number];
export type Rating = (typeof RATINGS)[number];
export type RiskEntry = z.infer<typeof RiskEntrySchema>;
export type RisksConfig = { matrix: { high: number; medium: number }; review: Record<Rating, number>; register: RiskEntry[] };

export const DEFAULT_RISKS: RisksConfig = { matrix: { high: 15, medium: 8 }, review: { high: QUARTERLY_MS, medium: QUARTERLY_MS, low: QUARTERLY_MS }, register: [] };

export function risksConfig(file: z.infer<typeof RisksFileSchema>): RisksConfig {
  const r = file.review ?? {};
  return { matrix: file.matrix, review: { high: r.high ?? QUARTERLY_MS, medium: r.medium ?? QUARTERLY_MS, low: r.low ?? QUARTERLY_MS }, register: file.register ?? [] };
}

export function checkRisks(src: Source, planIds: string[], refs: RoleRefs, out: Problems): void {
  const m = field(src.raw, 'matrix');
  const high = field(m, 'high');
  const medium = field(m, 'medium');
  if (typeof high === 'number' && typeof medium === 'number' && medium >= high) {
    out.addOnce({ file: src.file, line: src.lineOf(['matrix', 'medium']), field: 'matrix.medium', message: `medium (${medium}) must be below high (${high})` });
  }
  const seen = new Set<string>();
  asList(field(src.raw, 'register')).forEach((entry, i) => {
    const at = (k: string) => ['register', i, k];
    const id = asString(field(entry, 'id'));
    if (id !== undefined && seen.has(id)) out.addOnce({ file: src.file, line: src.lineOf(at('id')), field: dotted(at('id')), message: `duplicate risk id '${id}'; give each risk its own id` });
    if (id !== undefined) seen.add(id);
    refs.check(src, at('owner'), field(entry, 'owner'), out);
    const plan = asString(field(entry, 'plan'));
    if (plan !== undefined && planIds.length > 0 && !planIds.includes(plan)) {
      const guess = closest(plan, planIds);
      out.addOnce({ file: src.file, line: src.lineOf(at('plan')), field: dotted(at('plan')), message: `unknown plan '${plan}'; ${guess ? `did you mean '${guess}'? ` : ''}use one of: ${planIds.join(', ')}` });
    }
  });
}

/** The rating of likelihood × impact under the playbook's matrix. */
export function rate(matrix: RisksConfig['matrix'], likelihood: number, impact: number): Rating {
  const s = likelihood * impact;
  return s >= matrix.high ? 'high' : s >= matrix.medium ? 'medium' : 'low';
}
