import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPReceiver, isValidSlackRequest, type HTTPReceiverOptions } from '@slack/bolt';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Bolt's HTTP receiver, answering 400 to a signed body that is not a JSON object (`null`,
 * `payload=null`, a list, a number). Bolt 5.1 reads `body.ssl_check` of such a body outside any
 * try, and the rejection that follows would end the process. Everything else — unsigned or
 * stale requests (401), bodies too large (413), malformed JSON (400), the events themselves — is
 * Bolt's as before: the body is read once here and Bolt reuses it (`rawBody`).
 */
export function httpReceiver(options: HTTPReceiverOptions): HTTPReceiver {
  const receiver = new HTTPReceiver(options);
  // Not part of Bolt's typed surface: the one method every request to /slack/events goes through.
  const inner = receiver as unknown as { handleIncomingEvent: Handler };
  const bolt = inner.handleIncomingEvent.bind(receiver);
  inner.handleIncomingEvent = (req, res) => {
    void screen(req, options).then(
      (status) => (status ? res.writeHead(status).end() : bolt(req, res)),
      () => res.writeHead(500).end(),
    );
  };
  return receiver;
}

/** The status to answer instead of Bolt, or undefined to hand the request to Bolt. */
async function screen(req: IncomingMessage, o: HTTPReceiverOptions): Promise<number | undefined> {
  let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.bufferIncomingMessage>>;
  try {
    buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, o.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit);
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
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return undefined;
  // An unsigned one is Bolt's to refuse (401), like any other unsigned request.
  if (o.signatureVerification !== false && !signed(buffered, o.signingSecret)) return undefined;
  return 400;
}

function signed(req: IncomingMessage & { rawBody: Buffer }, signingSecret: string): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isFinite(timestamp)) return false;
  return isValidSlackRequest({ signingSecret, body: req.rawBody.toString(), headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
}
