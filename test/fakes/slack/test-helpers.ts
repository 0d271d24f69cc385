// Shared by the fake's own tests.
import { LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import type { FakeSlack } from './server.ts';

const noop = (): void => undefined;
/** The WebClient logs every ok:false answer; tests provoke many on purpose. */
export const silentLogger = { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, setName: noop, getLevel: () => LogLevel.ERROR };

/** A real WebClient pointed at the fake, no retries unless overridden. */
export const webClient = (fake: FakeSlack, opts: WebClientOptions = {}, token: string | null = fake.botToken): WebClient =>
  new WebClient(token ?? undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger, ...opts });

/** Resolves to the Slack error code of a failed call, or 'ok'. */
export const errorOf = (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => 'ok',
    (e: { data?: { error?: string } }) => e.data?.error,
  );
