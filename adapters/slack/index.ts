import type { Server } from 'node:http';
import { App, SocketModeReceiver, webApi, type HTTPReceiverOptions, type Receiver, type SocketModeReceiverOptions } from '@slack/bolt';
import { StartupError, type Running } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { opsRoutes } from '../../src/http.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { claimBatcher } from '../../src/store/claims.ts';
import { drainSoon, Work, type SlackContext } from './context.ts';
import { Directory } from './directory.ts';
import { slackError } from './errors.ts';
import { registerBlockActions } from './listeners/block-actions.ts';
import { registerCommand } from './listeners/command.ts';
import { registerMemberEvents } from './listeners/member-events.ts';
import { registerViewClosed } from './listeners/view-closed.ts';
import { registerViewSubmission } from './listeners/view-submission.ts';
import { boltLogger } from './log.ts';
import { SlackPort } from './port.ts';
import { httpReceiver } from './receiver.ts';

export { SlackPort } from './port.ts';

export type SlackOptions = {
  /** Web API client options for both the listeners and the outbox (tests: `retryConfig`). */
  clientOptions?: webApi.WebClientOptions;
  /** Receiver options (tests: `clientPingTimeout` for Socket Mode, `unhandledRequestTimeoutMillis` for HTTP). */
  receiverOptions?: Partial<HTTPReceiverOptions> & Partial<SocketModeReceiverOptions>;
  dispatchIntervalMs?: number;
  /** Time a form submission may take before it is acked without its answer (default 2000 ms of Slack's 3 s). */
  ackBudgetMs?: number;
};

export type SlackAdapter = {
  stop(): Promise<void>;
  port: SlackPort;
  dispatcher: Dispatcher;
  /** The HTTP server on PORT: `/slack/events` (HTTP mode), `/healthz` and `/metrics` (both modes). */
  server?: Server;
  app: App;
  /** Resolves when the work started by deliveries so far (and the drains it asked for) has finished. */
  settled(): Promise<void>;
};

// Listener calls must fit Slack's 3-second windows: one quick retry at most.
const LISTENER_RETRIES = { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 200 };
// Outbox calls are retried by the outbox alone (one place owns retries): a 5xx or a timeout may
// come from a call Slack executed, and only the outbox looks for the message before posting
// again. A 429 still waits out its Retry-After in the client (which pauses every call of this
// client) before the attempt fails and the outbox tries later. The timeout keeps a hung call well
// inside the outbox's one-minute lease.
const OUTBOX_CLIENT = { retryConfig: { retries: 0 }, rejectRateLimitedCalls: false, timeout: 15_000 } satisfies webApi.WebClientOptions;

// Slack shows an error when a view submission is not acked within 3 s; leave room for the network.
const ACK_BUDGET_MS = 2000;

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

async function whoAmI(client: webApi.WebClient, apiUrl: string): Promise<{ userId: string; botId?: string }> {
  try {
    const res = await client.auth.test();
    return { userId: res.user_id!, botId: res.bot_id };
  } catch (err) {
    const code = slackError(err);
    throw new StartupError(
      code
        ? `Slack did not accept SLACK_BOT_TOKEN (${code}); copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.`
        : `Slack could not be reached at ${apiUrl} (${err instanceof Error ? err.message : String(err)}); check the network or SLACK_API_URL.`,
    );
  }
}

function listeningServer(server: Server | undefined): Promise<Server | undefined> {
  if (!server || server.listening) return Promise.resolve(server);
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/**
 * Runs crisis-bot on Slack: HTTP mode (SLACK_SIGNING_SECRET, `/slack/events` on PORT) or Socket
 * Mode (SLACK_APP_TOKEN), with an outbox dispatcher delivering war-room effects for platform 'slack'.
 */
export async function startSlack(running: Running, config: Config, opts: SlackOptions = {}): Promise<SlackAdapter> {
  const slack = config.slack;
  if (!slack) throw new StartupError('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN.');
  const { core } = running;
  const log = core.log.child({ adapter: 'slack' });
  const logger = boltLogger(log, [slack.botToken, slack.appToken ?? '', slack.signingSecret ?? '']);
  const api = slack.apiUrl ? { slackApiUrl: withSlash(slack.apiUrl) } : {};

  const portClient = new webApi.WebClient(slack.botToken, { logger, ...api, ...OUTBOX_CLIENT, ...opts.clientOptions });
  const me = await whoAmI(portClient, slack.apiUrl ?? 'https://slack.com/api/');
  const port = new SlackPort(portClient, config.locale, log, me.userId);
  const dispatcher = new Dispatcher(core, port);

  const routes = opsRoutes(core);
  const { receiverOptions = {} } = opts;
  const receiver: Receiver = slack.appToken
    ? new SocketModeReceiver({
        appToken: slack.appToken,
        logger,
        customRoutes: routes,
        ...receiverOptions,
        installerOptions: {
          port: config.port,
          ...receiverOptions.installerOptions,
          clientOptions: { ...api, ...receiverOptions.installerOptions?.clientOptions },
        },
      })
    : httpReceiver(
        { signingSecret: slack.signingSecret ?? '', logger, customRoutes: routes, ...receiverOptions },
        // Socket Mode needs none: its envelopes come over a socket opened with the app token, not as signed requests anyone could resend.
        { firstSight: claimBatcher(core.db), onUnchecked: (err) => log.warn({ err: { message: (err as Error).message } }, 'replay check skipped: the database did not answer') },
      );
  const app = new App({
    receiver,
    token: slack.botToken,
    // Known from our own auth.test, so Bolt does not make a second one.
    botUserId: me.userId,
    botId: me.botId,
    logger,
    clientOptions: { ...api, retryConfig: LISTENER_RETRIES, ...opts.clientOptions },
  });

  const work = new Work(log);
  const ctx: SlackContext = { core, dispatcher, directory: new Directory(app.client, config.locale, log), log, work, ackBudgetMs: opts.ackBudgetMs ?? ACK_BUDGET_MS };
  registerCommand(app, ctx);
  registerViewSubmission(app, ctx);
  registerBlockActions(app, ctx);
  registerViewClosed(app);
  registerMemberEvents(app, ctx);
  app.error(async (err) => log.error({ err: { message: err.message, code: err.code } }, 'Slack listener failed'));

  let server: Server | undefined;
  if (slack.appToken) {
    await app.start();
    server = await listeningServer((receiver as unknown as { httpServer?: Server }).httpServer);
  } else {
    server = (await app.start(config.port)) as Server;
  }
  dispatcher.start(opts.dispatchIntervalMs ?? 1000);
  // Effects left pending by an earlier run go out now rather than at the first tick.
  drainSoon(ctx);
  log.info({ mode: slack.appToken ? 'socket' : 'http', port: (server?.address() as { port?: number } | null)?.port }, 'Slack adapter started');

  return {
    port,
    dispatcher,
    server,
    app,
    settled: () => work.settled(),
    async stop() {
      await app.stop();
      await work.settled();
      await dispatcher.stop();
    },
  };
}
