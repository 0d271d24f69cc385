import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPReceiver, isValidSlackRequest, type HTTPReceiverOptions } from '@slack/bolt';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Buffered = IncomingMessage & { rawBody: Buffer; [FIRST_SIGHT]?: Promise<boolean> };

const FIRST_SIGHT = Symbol('crisis.firstSight');
/** The listener context's name for a slash command's replay check (true: first sight), when it runs after the ack. */
export const REPLAY_CHECK = 'crisisFirstSight';

/**
 * Records that a signed request was seen: true the first time, false for a replay. Implemented
 * with a store claim (index.ts); it may throw or hang when the database is down.
 */
export type FirstSight = (key: string) => Promise<boolean>;

export type ReplayGuard = {
  firstSight: FirstSight;
  /** How long to wait for the record before letting the request through unrecorded (the ack window is 3 s). */
  waitMs?: number;
  onUnchecked?: (err: unknown) => void;
};

// Leaves the listeners most of Slack's 3 s, and their own store calls then answer for the outage.
const REPLAY_WAIT_MS = 1000;

/**
 * Bolt's HTTP receiver, answering 400 to a signed body that is not a JSON object (`null`,
 * `payload=null`, a list, a number). Bolt 5.1 reads `body.ssl_check` of such a body outside any
 * try, and the rejection that follows would end the process. Everything else — unsigned or
 * stale requests (401), bodies too large (413), malformed JSON (400), the events themselves — is
 * Bolt's as before: the body is read once here and Bolt reuses it (`rawBody`). With `replays`, a
 * validly signed request seen before is acked and goes no further (see `replayed`).
 */
export function httpReceiver(options: HTTPReceiverOptions, replays?: ReplayGuard): HTTPReceiver {
  const extract = options.customPropertiesExtractor;
  const receiver = new HTTPReceiver({
    ...options,
    customPropertiesExtractor: (req) => {
      const sight = (req as Buffered)[FIRST_SIGHT];
      return { ...extract?.(req), ...(sight ? { [REPLAY_CHECK]: sight } : {}) };
    },
  });
  // Not part of Bolt's typed surface: the one method every request to /slack/events goes through.
  const inner = receiver as unknown as { handleIncomingEvent: Handler };
  const bolt = inner.handleIncomingEvent.bind(receiver);
  inner.handleIncomingEvent = (req, res) => {
    void screen(req, options, replays).then(
      (status) => (status ? res.writeHead(status).end() : bolt(req, res)),
      () => res.writeHead(500).end(),
    );
  };
  return receiver;
}

/** The status to answer instead of Bolt, or undefined to hand the request to Bolt. */
async function screen(req: IncomingMessage, o: HTTPReceiverOptions, replays: ReplayGuard | undefined): Promise<number | undefined> {
  let buffered: Buffered;
  try {
    buffered = (await HTTPModuleFunctions.bufferIncomingMessage(req, o.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit)) as Buffered;
  } catch (err) {
    // The body could not be read, so Bolt cannot read it either: answer as Bolt does.
    const e = err as { type?: unknown; statusCode?: unknown };
    return HTTPModuleFunctions.isRawBodyError(err) && (e.type === 'entity.too.large' || e.statusCode === 413) ? 413 : 401;
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    return undefined;
  }
  const verified = o.signatureVerification !== false && signed(buffered, o.signingSecret);
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    if (!verified || !replays || isEventRetry(buffered, body)) return undefined;
    // A slash command's ack is empty whatever follows, so it need not wait for the store: the
    // check runs beside it and the listener waits for it after acking (listeners/command.ts). Anything else
    // may answer in its ack (a form's errors), so a replay must be stopped before Bolt sees it.
    if (typeof (body as { command?: unknown }).command === 'string') {
      buffered[FIRST_SIGHT] = replayed(buffered, replays).then((again) => !again);
      return undefined;
    }
    return (await replayed(buffered, replays)) ? 200 : undefined;
  }
  // An unsigned one is Bolt's to refuse (401), like any other unsigned request.
  if (o.signatureVerification !== false && !verified) return undefined;
  return 400;
}

/**
 * Slack retries only Events API deliveries (`x-slack-retry-num`), and a retry is a legitimate
 * redelivery of one event, which its event_id identifies: it is left to the listeners' once-keys
 * rather than refused as a replay of the first attempt (which may have failed before acting).
 * Slack never retries slash commands or interactivity, so on those the header, unsigned and
 * easily added, exempts nothing.
 */
function isEventRetry(req: Buffered, body: object): boolean {
  return req.headers['x-slack-retry-num'] !== undefined && (body as { type?: unknown }).type === 'event_callback';
}

/**
 * Whether this exact signed request (same body, same timestamp: same signature) was accepted
 * before. Slack signs every request afresh, so a second sight of one signature inside the
 * 5-minute window Bolt allows is a replay: it is acked (200) and nothing runs. When the store
 * cannot say in time (the database is down) the request goes on unrecorded: the listeners then
 * meet the outage themselves and say so, and their once-keys still stop a second action.
 */
async function replayed(req: Buffered, guard: ReplayGuard): Promise<boolean> {
  const signature = String(req.headers['x-slack-signature']);
  const key = `replay:${createHash('sha256').update(signature).digest('hex')}`;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), guard.waitMs ?? REPLAY_WAIT_MS)));
  try {
    const first = await Promise.race([guard.firstSight(key), late]);
    if (first === 'late') guard.onUnchecked?.(new Error(`replay check took over ${guard.waitMs ?? REPLAY_WAIT_MS} ms`));
    return first === false;
  } catch (err) {
    guard.onUnchecked?.(err);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function signed(req: Buffered, signingSecret: string): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isFinite(timestamp)) return false;
  return isValidSlackRequest({ signingSecret, body: req.rawBody.toString(), headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
}
