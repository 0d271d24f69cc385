import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SWEEP_CRON, isValidCron } from './scheduler/cron.ts';

/** What a terminal user may be called (CRISIS_USER, `/crisis as NAME`): a login-like handle. */
export const SHELL_USER = /^[\p{L}\p{N}._@-]{1,64}$/u;

/** The environment contract (DESIGN.md "Contract: environment"). Names here are relied on outside the code. */
const Env = z.object({
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  PLAYBOOK_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_API_URL: z.url().optional(),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: z.string().min(1).optional(),
  DISCORD_GUILD_ID: z.string().min(1).optional(),
  DISCORD_API_URL: z.url().optional(),
  CRISIS_LOCALE: z.enum(['en', 'zh-CN']).default('en'),
  CRISIS_DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CRISIS_SWEEP_CRON: z
    .string()
    .refine(isValidCron, "is not a cron expression; use node-cron's form with seconds first, e.g. '*/15 * * * * *' (every 15 s)")
    .default(DEFAULT_SWEEP_CRON),
  CRISIS_AUDIT_KEY: z
    .string()
    .min(32, 'must be at least 32 characters of secret (e.g. the output of `openssl rand -hex 32`)')
    .optional(),
  CRISIS_AUDIT_DIR: z.string().min(1).optional(),
  // Who the terminal chat's typist is (a roster `shell` handle); without it, the OS login.
  CRISIS_USER: z
    .string()
    .regex(SHELL_USER, 'must be a login-like name (letters, digits, . _ - @; at most 64), e.g. the `shell` handle of a roster entry')
    .optional(),
  CRISIS_SIGNALS_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters of secret (e.g. the output of `openssl rand -hex 32`)')
    .optional(),
  CRISIS_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters of secret (e.g. the output of `openssl rand -hex 32`)')
    .optional(),
  // How long a delivery attempt holds its outbox entry (default 60 s). Tests that kill the bot set
  // it short so a restart takes the dead holder's entries over quickly; it must stay above the
  // longest attempt (each platform call may take up to its 15 s timeout).
  CRISIS_OUTBOX_LEASE_MS: z.coerce.number().int().min(1000, 'must be at least 1000 (ms)').max(600_000, 'must be at most 600000 (10 minutes)').optional(),
});

export type Config = {
  mongodbUri?: string;
  dataDir: string;
  playbookDir: string;
  port: number;
  locale: 'en' | 'zh-CN';
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /** When the deadline sweep runs (node-cron, seconds first); the default when absent. */
  sweepCron?: string;
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string };
  discord?: { token: string; applicationId?: string; guildId?: string; apiUrl?: string };
  /**
   * The keyed timeline (src/audit/key.ts): the secret if given, and where the key file and the
   * anchors live. Always set by loadConfig; a hand-made Config without it gets the defaults.
   */
  audit?: AuditConfig;
  /** The terminal chat's user (CRISIS_USER); the OS login when absent. */
  shellUser?: string;
  /** POST /signals: the HMAC secret monitoring tools sign with; signals are off without it. */
  signalsSecret?: string;
  /** Outbound statement webhooks: the HMAC secret they are signed with; webhooks are off without it. */
  webhookSecret?: string;
  /** CRISIS_OUTBOX_LEASE_MS: how long one delivery attempt holds its outbox entry; the dispatcher's default when absent. */
  outboxLeaseMs?: number;
  /**
   * Where logs go instead of stderr: in terminal mode (no Slack, no Discord) without LOG_LEVEL,
   * a file in the data directory, so that JSON lines never land in the chat.
   */
  logFile?: string;
};

export type AuditConfig = { key?: string; dir: string };

export class ConfigError extends Error {}

/** Turns the environment into a typed Config; every problem names the variable and what to set. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(blankless);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new ConfigError(
      'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is; set one of them',
    );
  }
  const dataDir = path.resolve(cwd, e.CRISIS_DATA_DIR ?? '.data');
  const auditDir = path.resolve(cwd, e.CRISIS_AUDIT_DIR ?? defaultAuditDir(env));
  // The key and the anchors prove the database's record: a copy of the data directory must not carry them.
  if (auditDir === dataDir || auditDir.startsWith(dataDir + path.sep)) {
    throw new ConfigError(`CRISIS_AUDIT_DIR (${auditDir}) is inside the data directory (${dataDir}); the audit key and anchors must live outside it — set CRISIS_AUDIT_DIR elsewhere`);
  }
  return {
    mongodbUri: e.MONGODB_URI,
    dataDir,
    playbookDir: path.resolve(cwd, e.PLAYBOOK_DIR ?? 'playbooks'),
    port: e.PORT,
    locale: e.CRISIS_LOCALE,
    logLevel: e.LOG_LEVEL,
    sweepCron: e.CRISIS_SWEEP_CRON,
    slack: e.SLACK_BOT_TOKEN
      ? { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL }
      : undefined,
    discord: e.DISCORD_TOKEN
      ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, guildId: e.DISCORD_GUILD_ID, apiUrl: e.DISCORD_API_URL }
      : undefined,
    audit: { key: e.CRISIS_AUDIT_KEY, dir: auditDir },
    shellUser: e.CRISIS_USER,
    signalsSecret: e.CRISIS_SIGNALS_SECRET,
    webhookSecret: e.CRISIS_WEBHOOK_SECRET,
    outboxLeaseMs: e.CRISIS_OUTBOX_LEASE_MS,
    logFile: e.SLACK_BOT_TOKEN || e.DISCORD_TOKEN || blankless.LOG_LEVEL ? undefined : path.join(dataDir, 'crisis-bot.log'),
  };
}

/** `$XDG_CONFIG_HOME/crisis-bot`, else `~/.config/crisis-bot`: per user, outside any data directory. */
export function defaultAuditDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'crisis-bot');
}
