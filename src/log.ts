import pino, { type Logger } from 'pino';

/** Logs go to stderr so the terminal chat on stdout stays readable; secrets are redacted. */
export function makeLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: { paths: ['token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret', 'headers.authorization'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
