import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const TOKEN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

/** Removes Slack tokens (and the given secrets) from a log line: tokens never appear in logs. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN, '[redacted]');
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

function show(m: unknown): string {
  if (m instanceof Error) return m.message;
  if (typeof m === 'string') return m;
  try {
    return JSON.stringify(m);
  } catch {
    return String(m);
  }
}

const LEVELS: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN };

/** Bolt, the Web API client and Socket Mode log through the bot's pino logger, scrubbed. */
export function boltLogger(log: Logger, secrets: readonly string[]): BoltLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = scrub(msg.map(show).join(' '), secrets);
    if (err) log[level]({ err: { type: err.name, message: scrub(err.message, secrets), code: (err as { code?: unknown }).code } }, text);
    else log[level](text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => undefined,
    getLevel: () => LEVELS[log.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}
