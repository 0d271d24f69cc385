import { z } from 'zod';
import { CriteriaSchema, DurationSchema, LocalizedTextSchema, RoleIdSchema } from './schema.ts';
import { asList, asString, field, type RoleRefs } from './cross-checks.ts';
import { closest, dotted } from './issues.ts';
import type { Problems, Source } from './problems.ts';

/**
 * `signals.yml` (optional): where the monitoring group's channel is on each platform, and the rules
 * that turn a monitoring signal into a warning card or an incident (issue 18). Absent: no rules, so
 * signals are recorded and nothing more.
 */

export const SIGNALS_FILE = 'signals.yml';
export const SIGNAL_PLATFORMS = ['shell', 'slack', 'discord'] as const;

const idLike = (re: RegExp, what: string, example: string) =>
  z.string().regex(re, { error: (iss) => `'${String(iss.input)}' is not a valid ${what}; use ${example}` }).describe(`a ${what}, e.g. ${example}`);

export const MonitoringChannelSchema = z.strictObject({
  platform: z.enum(SIGNAL_PLATFORMS),
  workspace: z.string().trim().min(1).describe('the Slack team id, the Discord guild id, or local for the terminal'),
  channel: z.string().trim().min(1).describe('the channel id (Slack C…, Discord snowflake in quotes) or, on the terminal, a room name'),
  name: z.string().trim().min(1).optional().describe('the channel name shown in links, e.g. crisis-monitoring'),
});

export const SignalRuleSchema = z.strictObject({
  id: idLike(/^[a-z][a-z0-9-]*$/, 'rule id', "lower-case words joined by '-', like 'negative-mentions'"),
  name: LocalizedTextSchema,
  metric: idLike(/^[a-z][a-z0-9_.-]*$/, 'metric name', "the name the monitoring tool sends, like 'negative_mentions_per_hour'"),
  direction: z.enum(['above', 'below']).optional().describe("above (the default: higher is worse) or below (e.g. a sentiment score)"),
  threshold: z.number().describe('the value at which a warning is posted'),
  window: DurationSchema,
  plan: idLike(/^[a-z][a-z0-9-]*$/, 'plan id', 'the id of a plan in plans/, like reputation'),
  criteria: CriteriaSchema.optional(),
  action: z.enum(['warn', 'raise']).describe('warn (a card in the monitoring channel) or raise (also raise an incident past raise_threshold)'),
  raise_threshold: z.number().optional().describe('for action raise: the value at which an incident is raised'),
  mode: z.enum(['drill', 'real']).optional().describe('for action raise: drill or real (the default: drill)'),
  notify: RoleIdSchema.optional(),
});

export const SignalsFileSchema = z.strictObject({
  monitoring: z.array(MonitoringChannelSchema).describe('the monitoring channel on each platform the bot runs on'),
  rules: z.array(SignalRuleSchema).describe('a list of signal rules'),
});

export type SignalRule = z.infer<typeof SignalRuleSchema>;
export type MonitoringChannel = z.infer<typeof MonitoringChannelSchema>;
export type SignalsConfig = z.infer<typeof SignalsFileSchema>;

export const NO_SIGNALS: SignalsConfig = { monitoring: [], rules: [] };

/** References and orders the schema cannot see: plans and roles exist, the raise threshold is past the warning one. */
export function checkSignals(src: Source, planIds: string[], refs: RoleRefs, out: Problems): void {
  const rules = asList(field(src.raw, 'rules'));
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    const at = (k: string) => ['rules', i, k];
    const report = (k: string, message: string) => out.addOnce({ file: src.file, line: src.lineOf(at(k)), field: dotted(at(k)), message });
    const id = asString(field(rule, 'id'));
    if (id !== undefined) {
      const first = seen.get(id);
      if (first !== undefined) report('id', `duplicate rule id '${id}' (also at line ${src.lineOf(['rules', first, 'id'])}); give each rule its own id`);
      else seen.set(id, i);
    }
    const plan = asString(field(rule, 'plan'));
    if (plan !== undefined && planIds.length > 0 && !planIds.includes(plan)) {
      const guess = closest(plan, planIds);
      report('plan', `unknown plan '${plan}'; ${guess ? `did you mean '${guess}'? ` : ''}use one of: ${planIds.join(', ')}`);
    }
    const notify = field(rule, 'notify');
    if (notify !== undefined) refs.check(src, at('notify'), notify, out);
    const action = field(rule, 'action');
    const threshold = field(rule, 'threshold');
    const second = field(rule, 'raise_threshold');
    if (action === 'raise' && second === undefined) report('raise_threshold', 'action raise needs raise_threshold: the value at which an incident is raised');
    if (action === 'warn' && second !== undefined) report('raise_threshold', 'raise_threshold applies to action raise only; remove it or set action: raise');
    if (typeof threshold === 'number' && typeof second === 'number') {
      const below = field(rule, 'direction') === 'below';
      if (below ? second > threshold : second < threshold) {
        report('raise_threshold', `raise_threshold ${second} must be ${below ? 'at or below' : 'at or above'} threshold ${threshold}: an incident is raised only past the warning`);
      }
    }
  });
  const platforms = asList(field(src.raw, 'monitoring')).map((m) => asString(field(m, 'platform')));
  platforms.forEach((p, i) => {
    if (p !== undefined && platforms.indexOf(p) !== i) {
      out.addOnce({ file: src.file, line: src.lineOf(['monitoring', i, 'platform']), field: dotted(['monitoring', i, 'platform']), message: `a second monitoring channel for ${p}; keep one per platform` });
    }
  });
}
