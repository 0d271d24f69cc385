import pino, { type Logger } from 'pino';

/**
 * Logs go to stderr (never stdout, which carries the terminal chat), or to `file` when given (the
 * terminal chat's default: stderr shares the screen too); secrets are redacted.
 */
export function makeLogger(level: string, file?: string): Logger {
  return pino(
    {
      level,
      redact: { paths: ['token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret', 'headers.authorization'], censor: '[redacted]' },
    },
    file ? pino.destination({ dest: file, mkdir: true, append: true }) : pino.destination(2),
  );
}
