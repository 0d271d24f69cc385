// Outbound side: requests signed the way Slack signs them (v0 HMAC-SHA256 over 'v0:ts:body').
import { createHmac } from 'node:crypto';

export interface SendOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Send a timestamp 6 minutes old (Bolt rejects > 5 min). */
  stale?: boolean;
  /** Sign with a wrong secret. */
  badSignature?: boolean;
  retryNum?: number;
  retryReason?: string;
}
export interface SendResult {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export function signRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${sig}` };
}

/** POSTs `body` signed. Content type is sent exactly as given (Bolt rejects '…; charset=utf-8'). */
export async function postSigned(url: string, secret: string, body: string, contentType: string, o: SendOptions = {}): Promise<SendResult> {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000) - (o.stale ? 360 : 0);
  const headers: Record<string, string> = { 'content-type': contentType, ...signRequest(o.badSignature ? `${secret}-wrong` : secret, body, ts) };
  if (o.retryNum !== undefined) headers['x-slack-retry-num'] = String(o.retryNum);
  if (o.retryReason !== undefined) headers['x-slack-retry-reason'] = o.retryReason;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if (res.headers.get('content-type')?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
  }
  return { status: res.status, body: parsed, headers: Object.fromEntries(res.headers.entries()) };
}

const FORM = 'application/x-www-form-urlencoded';

/** Slash command: one form field per parameter. */
export function sendForm(url: string, secret: string, fields: Record<string, string>, o?: SendOptions): Promise<SendResult> {
  return postSigned(url, secret, new URLSearchParams(fields).toString(), FORM, o);
}

/** Interactivity: a single `payload=<json>` form field. */
export function sendInteraction(url: string, secret: string, payload: unknown, o?: SendOptions): Promise<SendResult> {
  return sendForm(url, secret, { payload: JSON.stringify(payload) }, o);
}

/** Events API: JSON body. */
export function sendEvent(url: string, secret: string, body: unknown, o?: SendOptions): Promise<SendResult> {
  return postSigned(url, secret, JSON.stringify(body), 'application/json', o);
}
