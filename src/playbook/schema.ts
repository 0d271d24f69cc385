import { z } from 'zod';
import { isTimeZone } from '../ui/times.ts';
import { tryParseDuration } from './duration.ts';
import { OnDutySchema } from './people.ts';
import type { RisksConfig } from './risks.ts';
import type { SignalsConfig } from './signals.ts';
import type { StatementsConfig } from './statements.ts';
import type { ContinuityConfig } from './continuity.ts';
import type { DrillSchedule } from './drills.ts';

export type { Locale } from './text.ts';

export const PHASES = ['identify', 'assess', 'respond', 'control', 'resolve', 'review'] as const;
export const LEVEL_NUMBERS = [1, 2, 3, 4] as const;
export const MEDIA_SCALE = ['none', 'local', 'national', 'international'] as const;
export const OPS_SCALE = ['none', 'partial', 'major', 'total'] as const;
export const ROLE_GROUPS = ['lead', 'monitoring', 'assessment', 'response', 'executive'] as const;
export const RESOURCE_KINDS = ['people', 'material', 'money', 'information'] as const;
export const CRITERIA_KEYS = [
  'people_affected',
  'casualties',
  'direct_loss',
  'regions',
  'media_attention',
  'operations_disrupted',
] as const;

const quoted = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

const text = (max?: number) => {
  const s = z.string().trim().min(1);
  return max === undefined ? s : s.max(max);
};
const en = (max?: number) => text(max).describe('the English text');
const zhCN = (max?: number) => text(max).describe('the Simplified Chinese text');

export const LocalizedTextSchema = z
  .strictObject({ en: en(), 'zh-CN': zhCN() })
  .describe("both translations, e.g. { en: 'Cyber attack', zh-CN: '网络攻击' }");

// Step titles are shown in chat lists and buttons, where long text wraps badly.
const StepTitleSchema = z
  .strictObject({ en: en(120), 'zh-CN': zhCN(120) })
  .describe('a short imperative title in en and zh-CN (at most 120 characters each)');

export const DurationSchema = z
  .string({
    // undefined means the key is missing; the loader words that case itself.
    error: (iss) =>
      iss.input === undefined ? undefined : `expected a duration with a unit, got ${quoted(iss.input)}; write it like 15m, 2h or 1d`,
  })
  .transform((value, ctx) => {
    const result = tryParseDuration(value);
    if (!result.ok) {
      ctx.issues.push({ code: 'custom', message: result.message, input: value });
      return z.NEVER;
    }
    return result.ms;
  })
  .describe("a duration such as 15m, 2h, 1h30m or 1d");

// Like DurationSchema, but 0 is allowed: a rung `after: 0m` fires at the deadline itself.
export const OffsetSchema = z
  .string({
    error: (iss) =>
      iss.input === undefined ? undefined : `expected a duration with a unit, got ${quoted(iss.input)}; write it like 0m, 15m or 1h`,
  })
  .transform((value, ctx) => {
    const result = tryParseDuration(value, { allowZero: true });
    if (!result.ok) {
      ctx.issues.push({ code: 'custom', message: result.message, input: value });
      return z.NEVER;
    }
    return result.ms;
  })
  .describe('a time after the deadline such as 0m, 15m or 1h');

const idString = (re: RegExp, what: string, example: string) =>
  z
    .string()
    .regex(re, { error: (iss) => `${quoted(iss.input)} is not a valid ${what}; use ${example}` })
    .describe(`a ${what}, e.g. ${example}`);

export const RoleIdSchema = idString(/^[a-z][a-z0-9_]*$/, 'role id', "lower snake_case like 'legal_counsel'");
const KebabIdSchema = (what: string) => idString(/^[a-z][a-z0-9-]*$/, what, "lower-case words joined by '-', like 'isolate-systems'");

const count = (min: number) => z.number().int().min(min);

// An IANA name is what Slack gives and what Intl reads; an offset like +08:00 would be wrong half the year where there is summer time.
export const TimeZoneSchema = z
  .string()
  .refine((v) => !/^[+-]/.test(v) && isTimeZone(v), {
    error: (iss) => `${quoted(iss.input)} is not an IANA time zone; use a name such as Asia/Shanghai, Europe/London or UTC`,
  })
  .describe('an IANA time zone such as Asia/Shanghai');

export const CriteriaSchema = z
  .strictObject({
    people_affected: count(0).optional(),
    casualties: count(0).optional(),
    direct_loss: z.number().min(0).optional(),
    regions: count(1).optional(),
    media_attention: z.enum(MEDIA_SCALE).optional(),
    operations_disrupted: z.enum(OPS_SCALE).optional(),
  })
  .describe('thresholds; the level applies when any one is reached ({} for the lowest level)');

export const LevelSchema = z.strictObject({
  level: z.literal(LEVEL_NUMBERS).describe('1, 2, 3 or 4'),
  name: LocalizedTextSchema,
  criteria: CriteriaSchema,
  response: z
    .strictObject({ acknowledge: DurationSchema, first_statement: DurationSchema, update_every: DurationSchema, statement_every: DurationSchema.optional() })
    .describe('{ acknowledge: 15m, first_statement: 1h, update_every: 30m, statement_every: 2h (optional: the public statement cadence) }'),
  private_room: z.boolean().describe('true or false'),
  escalation: z
    .array(
      z.strictObject({
        after: OffsetSchema,
        notify: idString(/^[a-z][a-z0-9_]*$/, 'notify target', "owners (the step's owners), lead (the incident lead) or a role id like 'executive'"),
      }),
    )
    .min(1)
    .describe('who hears about a missed deadline and when, e.g. [{ after: 0m, notify: owners }, { after: 15m, notify: lead }, { after: 30m, notify: executive }]'),
});

export const LevelsFileSchema = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: (iss) => `${quoted(iss.input)} is not an ISO 4217 currency code; use three capital letters such as CNY or USD` })
    .describe('an ISO 4217 code such as CNY'),
  timezone: TimeZoneSchema.optional(),
  levels: z.array(LevelSchema).describe('a list with one entry for each of the levels 1 to 4'),
  level_change_roles: z
    .array(RoleIdSchema)
    .optional()
    .describe("role ids besides the incident's lead who may change an incident's level, e.g. [crisis_expert]"),
  access: z
    .strictObject({
      always: z
        .array(RoleIdSchema)
        .describe('role ids who may always see and act on a private incident, e.g. [executive, monitoring_leader]'),
    })
    .optional()
    .describe('who may open a private incident besides its war room, reporter and lead: { always: [executive, monitoring_leader] }'),
  report_due: DurationSchema.optional().describe('how long after entering review the summary report is due, e.g. 5d (the default)'),
  plan_review: DurationSchema.optional().describe("how often each emergency plan is reviewed, e.g. 365d (yearly when absent)"),
});

export const RoleSchema = z.strictObject({
  id: RoleIdSchema,
  name: LocalizedTextSchema,
  duties: LocalizedTextSchema,
  group: z.enum(ROLE_GROUPS),
  /** What a person assigned the role is DMed (src/people): their first moves; the duties when left out. */
  brief: LocalizedTextSchema.optional(),
});
export const RolesFileSchema = z.strictObject({ roles: z.array(RoleSchema).min(1).describe('a list of roles') });

export const PersonSchema = z.strictObject({
  id: idString(/^[a-z][a-z0-9_.-]*$/, 'person id', "a lower-case handle like 'alice'"),
  name: text().describe('the display name'),
  roles: z.array(RoleIdSchema).min(1).describe('a list of role ids from roles.yml'),
  shell: idString(/^[a-z_][a-z0-9_-]*$/, 'shell handle', "a lower-case login name like 'alice'").optional(),
  slack: idString(/^[UW][A-Z0-9]{2,}$/, 'Slack member id', "the member id from the Slack profile, like 'U04ABCDEF12'").optional(),
  discord: z
    .string({
      // YAML reads an unquoted 18-digit number as a float and silently loses digits.
      error: (iss) => (iss.input === undefined ? undefined : "Discord ids must be quoted strings; write it in quotes like '100000000000000001'"),
    })
    .regex(/^\d{17,20}$/, { error: (iss) => `${quoted(iss.input)} is not a Discord user id; use the 17-20 digit id in quotes` })
    .optional(),
  tz: TimeZoneSchema.optional(),
  email: z.email({ error: (iss) => `${quoted(iss.input)} is not an email address; use name@example.org form` }).optional(),
  placeholder: z.boolean().optional().describe('true while the ids are made up'),
  on_duty: OnDutySchema.optional(),
});
export const RosterFileSchema = z.strictObject({ people: z.array(PersonSchema).min(1).describe('a list of people') });

export const ResourceSchema = z.strictObject({
  id: KebabIdSchema('resource id'),
  name: LocalizedTextSchema,
  kind: z.enum(RESOURCE_KINDS),
  quantity: z.number().min(0).describe('a number >= 0'),
  unit: LocalizedTextSchema,
  location: text().optional(),
  contact_role: RoleIdSchema,
});
export const ResourcesFileSchema = z.strictObject({ resources: z.array(ResourceSchema).describe('a list of resources') });

export const DueSchema = z
  .strictObject({ '1': DurationSchema, '2': DurationSchema, '3': DurationSchema, '4': DurationSchema })
  .describe('a deadline per level, e.g. { 1: 15m, 2: 30m, 3: 1h, 4: 4h }');

export const PlanStepSchema = z.strictObject({
  id: KebabIdSchema('step id'),
  phase: z.enum(PHASES),
  title: StepTitleSchema,
  owner: RoleIdSchema,
  due: DueSchema,
});

/** A calendar day as people write it in YAML (`2026-03-31`, read as text): checked to be a real day. */
const DaySchema = z
  .string({ error: (iss) => (iss.input === undefined ? undefined : `expected a date like 2026-03-31, got ${quoted(iss.input)}`) })
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: (iss) => `${quoted(iss.input)} is not a date; write the day like 2026-03-31 (year-month-day)`,
  });

export const PlanSchema = z.strictObject({
  id: KebabIdSchema('plan id'),
  title: LocalizedTextSchema,
  description: LocalizedTextSchema,
  private: z.boolean().optional().describe('true to keep the war room private at every level'),
  roles: z.array(RoleIdSchema).min(1).describe('role ids invited to the war room'),
  steps: z.array(PlanStepSchema).min(1).describe('a list of steps'),
  // When the plan was last reviewed (src/plans/review.ts): older than levels.yml plan_review, check warns.
  reviewed_at: DaySchema.optional().describe('the day the plan was last reviewed, e.g. 2026-03-31'),
  // Who is reminded when the plan falls due for review (src/plans/evergreen.ts); the crisis lead when left out.
  owner: RoleIdSchema.optional().describe('the role (roles.yml) that keeps the plan and is reminded when its review falls due; crisis_lead when absent'),
  // Statement templates per kind (src/playbook/statements.ts checks their placeholders).
  statements: z
    .partialRecord(z.enum(['holding', 'update', 'rebuttal', 'final']), z.strictObject({ en: z.string().optional(), 'zh-CN': z.string().optional() }))
    .optional()
    .describe('statement templates per kind (holding, update, rebuttal, final), each { en: …, zh-CN: … } with {title} {location} {started_at} {level} {key}'),
  // Who may change the incident's Site card besides its lead (src/site); operations and security when left out.
  site_editors: z.array(RoleIdSchema).optional().describe('role ids who may change the Site card besides the lead, e.g. [operations, security]'),
});

export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
export type Phase = (typeof PHASES)[number];
export type LevelNumber = (typeof LEVEL_NUMBERS)[number];
export type MediaAttention = (typeof MEDIA_SCALE)[number];
export type OpsDisrupted = (typeof OPS_SCALE)[number];
export type RoleGroup = (typeof ROLE_GROUPS)[number];
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export type Criteria = z.infer<typeof CriteriaSchema>;
export type Level = z.infer<typeof LevelSchema>;
export type LevelsFile = z.infer<typeof LevelsFileSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type Resource = z.infer<typeof ResourceSchema>;
export type PlanStep = z.infer<typeof PlanStepSchema>;
export type Plan = z.infer<typeof PlanSchema>;

export interface Playbook {
  /** Absolute path of the folder the playbook was loaded from. */
  dir: string;
  currency: string;
  /** Where typed clock times are read for a person with no zone of their own (levels.yml timezone); else the server's. */
  timezone?: string;
  /** Sorted 1..4, so levels[n - 1] is level n. */
  levels: Level[];
  /** Roles besides the incident's lead that may change its level (levels.yml level_change_roles). */
  levelChangeRoles: string[];
  /** Roles that may always see and act on a private incident, besides its war room (levels.yml access.always). */
  accessRoles: string[];
  roles: Role[];
  roster: Person[];
  resources: Resource[];
  plans: Plan[];
  /** signals.yml: the monitoring channel per platform and the signal rules (none when the file is absent). */
  signals?: SignalsConfig;
  /** risks.yml: the risk matrix, review intervals and starting register (defaults when absent). */
  risks?: RisksConfig;
  /** statements.yml: announcement channels, approvers per audience and publishers (none when absent). */
  statements?: StatementsConfig;
  /** continuity.yml: the critical business functions with their owners, RTOs and dependencies (none when absent). */
  continuity?: ContinuityConfig;
  /** drills.yml: when each plan is drilled and who is told beforehand (none when absent). */
  drills?: DrillSchedule[];
  /** levels.yml report_due (ms): the summary report falls due this long after the incident enters review. */
  reportDue?: number;
  /** levels.yml plan_review: how often a plan is reviewed, in ms (yearly when absent; src/plans/review.ts). */
  planReviewMs?: number;
}
