// Failure injection seen through the real WebClient's retry policy: 429 + Retry-After, 5xx, down(), latency.
import { ErrorCode, WebClientEvent, retryPolicies } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './index.ts';
import { errorOf, webClient } from './test-helpers.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterEach(() => {
  fake.up();
  fake.clearCalls();
});
afterAll(() => fake.stop());

it('429 with Retry-After: 1 is honoured and retried (retries: 2)', async () => {
  fake.fail('chat.postMessage', { retryAfter: 1 });
  // minTimeout 0: node-retry's own back-off (1 s by default) would come on top of the Retry-After sleep.
  const client = webClient(fake, { retryConfig: { retries: 2, minTimeout: 0 } });
  const limited: number[] = [];
  client.on(WebClientEvent.RATE_LIMITED, (sec: number) => limited.push(sec));
  const started = Date.now();
  const res = await client.chat.postMessage({ channel: 'U0ALICE', text: 'x' });
  expect(limited).toEqual([1]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(Date.now() - started).toBeLessThan(3000);
  expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  expect(fake.callsTo('chat.postMessage')[0]).toMatchObject({ ok: false, error: 'ratelimited' });
  expect(res.channel).toMatch(/^D/); // a user id as channel posts into the bot's DM with that user
});

it('rejectRateLimitedCalls turns a 429 into WebAPIRateLimitedError at once', async () => {
  fake.fail('users.info', { retryAfter: 1 });
  const client = webClient(fake, { rejectRateLimitedCalls: true, retryConfig: { retries: 2 } });
  const started = Date.now();
  await expect(client.users.info({ user: 'U0ALICE' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
  expect(Date.now() - started).toBeLessThan(900);
  expect(await errorOf(client.users.info({ user: 'U0ALICE' }))).toBe('ok'); // times: 1 by default
});

it('the per-method rate limiter answers 429 past perSecond', async () => {
  fake.rateLimit('users.info', { perSecond: 2 });
  const client = webClient(fake, { rejectRateLimitedCalls: true });
  expect(await errorOf(client.users.info({ user: 'U0ALICE' }))).toBe('ok');
  expect(await errorOf(client.users.info({ user: 'U0ALICE' }))).toBe('ok');
  await expect(client.users.info({ user: 'U0ALICE' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError });
  fake.rateLimit('users.info', null);
  expect(await errorOf(client.users.info({ user: 'U0ALICE' }))).toBe('ok');
});

it('5xx is retried; without retries it is a WebAPIHTTPError', async () => {
  fake.fail('auth.test', { status: 500, times: 2 });
  const retrying = webClient(fake, { retryConfig: retryPolicies.rapidRetryPolicy });
  expect((await retrying.auth.test()).ok).toBe(true);
  expect(fake.callsTo('auth.test').map((c) => c.status)).toEqual([500, 500, 200]);
  fake.fail('auth.test', { status: 502 });
  await expect(webClient(fake).auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 502 });
  fake.fail('auth.test', { error: 'team_access_not_granted' });
  expect(await errorOf(webClient(fake).auth.test())).toBe('team_access_not_granted');
});

it('down() answers 503 on every method until up() or the period ends', async () => {
  fake.down();
  await expect(webClient(fake).chat.postMessage({ channel: 'C0GENERAL', text: 'x' })).rejects.toMatchObject({ statusCode: 503 });
  const rapid = webClient(fake, { retryConfig: { ...retryPolicies.rapidRetryPolicy, retries: 3 } });
  await expect(rapid.users.info({ user: 'U0ALICE' })).rejects.toMatchObject({ code: ErrorCode.HTTPError });
  expect(fake.callsTo('users.info')).toHaveLength(4);
  fake.up();
  expect(await errorOf(rapid.users.info({ user: 'U0ALICE' }))).toBe('ok');
  fake.down(50);
  const slow = webClient(fake, { retryConfig: { retries: 5, minTimeout: 30, maxTimeout: 30 } });
  expect(await errorOf(slow.users.info({ user: 'U0ALICE' }))).toBe('ok');
});

it('setLatency delays answers; the client timeout option fires', async () => {
  fake.setLatency('users.info', 150);
  const started = Date.now();
  await webClient(fake).users.info({ user: 'U0ALICE' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  // Each recorded call keeps when it arrived and when it was answered.
  const call = fake.callsTo('users.info').at(-1)!;
  expect(call.at - call.receivedAt).toBeGreaterThanOrEqual(140);
  await expect(webClient(fake, { timeout: 50 }).users.info({ user: 'U0ALICE' })).rejects.toMatchObject({ code: ErrorCode.RequestError });
  fake.setLatency('users.info', 0);
});
