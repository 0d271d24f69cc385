import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AUDIENCES, unknownPlaceholders, PLACEHOLDERS, type ApprovalPolicy, type Audience, type ChannelKind } from '../domain/statements.ts';
import { asList, asString, field, type RoleRefs } from './cross-checks.ts';
import { dotted, validate } from './issues.ts';
import type { Problems, Source } from './problems.ts';
import { RoleIdSchema } from './schema.ts';
import { MonitoringChannelSchema } from './signals.ts';
import { readSource } from './yaml-source.ts';

/**
 * `statements.yml` (optional, issue 14): the announcement channels statements are published to
 * (a Slack or Discord channel, a room on the terminal, an outbound webhook), who must approve a
 * statement per audience, and who besides the lead may publish. Also the check of the plans'
 * statement templates: a placeholder the bot cannot fill is a problem with its file and line.
 */

export const STATEMENTS_FILE = 'statements.yml';

export const AnnouncementChannelSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: (iss) => `'${String(iss.input)}' is not a valid channel id; use lower-case words joined by '-', like 'press-slack'` }),
  name: z.string().trim().min(1).optional().describe('what the form and the card call it, e.g. #announcements'),
  platform: z.enum(['shell', 'slack', 'discord']).optional().describe('shell, slack or discord (a chat channel); leave out for a webhook'),
  workspace: z.string().trim().min(1).optional().describe('the Slack team id, the Discord guild id (in quotes), or local'),
  channel: z.string().trim().min(1).optional().describe('the Slack channel id (C…), the Discord channel id in quotes, or a terminal room name'),
  webhook: z.url({ error: (iss) => `'${String(iss.input)}' is not a URL; write it like https://status.example.org/hooks/crisis` }).optional(),
});

const PolicySchema = z.strictObject({
  roles: z.array(RoleIdSchema).min(1).describe('role ids, e.g. [legal_counsel, comms]'),
  need: z.union([z.literal('all'), z.number().int().min(1)]).describe("all (each listed role approves) or a number (that many approvers holding one of the roles)"),
});

export const StatementsFileSchema = z.strictObject({
  channels: z.array(AnnouncementChannelSchema).describe('the announcement channels statements may be published to'),
  approvers: z
    .partialRecord(z.enum([...AUDIENCES, 'default']), PolicySchema)
    .describe('per audience (staff, public, press, regulator, customers, or default): { roles: [legal_counsel, comms], need: all }'),
  publishers: z.array(RoleIdSchema).optional().describe('role ids who may publish besides the lead, e.g. [comms]'),
  digest: z
    .array(MonitoringChannelSchema)
    .optional()
    .describe('the stakeholder digest channel per platform: one message per open incident, edited in place'),
});

export type AnnouncementChannel = z.infer<typeof AnnouncementChannelSchema>;
export type StatementsConfig = z.infer<typeof StatementsFileSchema>;

/** Without statements.yml: no announcement channels (statements go to the war room only), comms approves, comms publishes. */
export const DEFAULT_STATEMENTS: StatementsConfig = { channels: [], approvers: { default: { roles: ['comms'], need: 1 } }, publishers: ['comms'] };

export const policyFor = (config: StatementsConfig | undefined, audience: Audience): ApprovalPolicy => {
  const c = config ?? DEFAULT_STATEMENTS;
  return c.approvers[audience] ?? c.approvers.default ?? DEFAULT_STATEMENTS.approvers.default!;
};

export const channelKind = (c: AnnouncementChannel): ChannelKind => (c.webhook ? 'webhook' : c.platform!);

/** References and shapes the schema cannot see: roles exist and are held, a channel is a chat channel or a webhook, ids unique. */
export function checkStatements(src: Source, refs: RoleRefs, out: Problems): void {
  const report = (p: (string | number)[], message: string) => out.addOnce({ file: src.file, line: src.lineOf(p), field: dotted(p), message });
  const seen = new Set<string>();
  asList(field(src.raw, 'channels')).forEach((c, i) => {
    const id = asString(field(c, 'id'));
    if (id && seen.has(id)) report(['channels', i, 'id'], `duplicate channel id '${id}'; give each channel its own id`);
    if (id) seen.add(id);
    const chat = field(c, 'platform') !== undefined;
    const hook = field(c, 'webhook') !== undefined;
    if (chat === hook) report(['channels', i], 'a channel is either a chat channel (platform, workspace, channel) or a webhook (webhook: URL), not both or neither');
    if (chat) for (const k of ['workspace', 'channel']) if (field(c, k) === undefined) report(['channels', i, k], `a ${String(field(c, 'platform'))} channel needs ${k}`);
  });
  const approvers = field(src.raw, 'approvers');
  for (const audience of Object.keys((approvers as object | undefined) ?? {})) {
    asList(field(field(approvers, audience), 'roles')).forEach((role, i) => {
      const p = ['approvers', audience, 'roles', i];
      if (refs.check(src, p, role, out)) refs.checkStaffed(src, p, role as string, out);
    });
  }
  asList(field(src.raw, 'publishers')).forEach((role, i) => {
    if (refs.check(src, ['publishers', i], role, out)) refs.checkStaffed(src, ['publishers', i], role as string, out);
  });
}

/** Each plan's statement templates use only placeholders the bot fills. */
export function checkTemplates(planSrcs: readonly Source[], out: Problems): void {
  for (const src of planSrcs) {
    const templates = field(src.raw, 'statements');
    for (const kind of Object.keys((templates as object | undefined) ?? {})) {
      for (const lang of ['en', 'zh-CN']) {
        const text = asString(field(field(templates, kind), lang));
        const bad = text ? unknownPlaceholders(text) : [];
        if (bad.length) {
          const p = ['statements', kind, lang];
          out.addOnce({ file: src.file, line: src.lineOf(p), field: dotted(p), message: `unknown placeholder ${bad.map((b) => `{${b}}`).join(', ')}; use ${PLACEHOLDERS.map((x) => `{${x}}`).join(' ')}` });
        }
      }
    }
  }
}

/** Reads and checks statements.yml when present; undefined when it is broken (reported). */
export async function loadStatements(dir: string, planSrcs: readonly Source[], refs: RoleRefs, out: Problems): Promise<{ config: StatementsConfig } | undefined> {
  checkTemplates(planSrcs, out);
  const there = await stat(path.join(dir, STATEMENTS_FILE)).then(() => true, () => false);
  if (!there) return { config: DEFAULT_STATEMENTS };
  const src = await readSource(dir, STATEMENTS_FILE, 'the announcement channels and statement approvers', out);
  if (!src) return undefined;
  const config = validate(src, StatementsFileSchema, out);
  checkStatements(src, refs, out);
  return config ? { config } : undefined;
}
