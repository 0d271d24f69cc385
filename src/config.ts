import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SWEEP_CRON, isValidCron } from './scheduler/cron.ts';

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
};

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
  return {
    mongodbUri: e.MONGODB_URI,
    dataDir: path.resolve(cwd, e.CRISIS_DATA_DIR ?? '.data'),
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
  };
}
