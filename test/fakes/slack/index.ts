// Fake Slack for tests: Web API + response_url + Socket Mode on 127.0.0.1, plus a signed driver.
import { FakeSlack, type FakeSlackOptions } from './server.ts';

export async function startFakeSlack(opts?: FakeSlackOptions): Promise<FakeSlack> {
  return new FakeSlack(opts).listen();
}

export { FakeSlack, DEFAULT_SCOPES } from './server.ts';
export type { FakeSlackOptions, FailSpec } from './server.ts';
export { validateBlocks, validateView, fillIds } from './blocks-limits.ts';
export type { Surface } from './blocks-limits.ts';
export { signRequest, postSigned, sendForm, sendInteraction, sendEvent } from './signer.ts';
export type { SendOptions, SendResult } from './signer.ts';
export type { AckMessage, EnvelopeType, SocketModeServer } from './socket-mode.ts';
export type { Channel, Ephemeral, FakeView, Message, RecordedCall, RecordedResponse, SlackUser } from './state.ts';
export { TRIGGER_TTL_MS } from './methods/views.ts';
