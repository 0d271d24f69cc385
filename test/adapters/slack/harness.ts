// One crisis-bot Slack adapter (real Bolt) against one fake Slack and one fresh database, driven the
// same way in HTTP mode (signed requests to /slack/events) and in Socket Mode (envelopes).
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { startSlack, type SlackAdapter, type SlackOptions } from '../../../adapters/slack/index.ts';
import type { Running } from '../../../src/app.ts';
import type { Config } from '../../../src/config.ts';
import type { Core } from '../../../src/core.ts';
import { getIncident } from '../../../src/incidents/service.ts';
import type { Playbook } from '../../../src/playbook/schema.ts';
import type { Locale } from '../../../src/playbook/text.ts';
import type { Incident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { type FakeSlackOptions, startFakeSlack } from '../../fakes/slack/index.ts';
import { afterAll, beforeAll } from 'vitest';
import { connectDb, makeCore, startTestDb, testClock } from '../../support/core.ts';

export const SECRET = 'test-signing-secret-0123456789';
/** Where commands are typed: a channel the bot and the people are in. */
export const OPS = 'C0OPS';
export const KEY = 'INC-20261128-001';

type TestDb = Awaited<ReturnType<typeof startTestDb>>;
export type Reply = { status: number; body: unknown };

export type HarnessOptions = {
  mode?: 'http' | 'socket';
  locale?: Locale;
  playbook?: Playbook;
  fake?: FakeSlackOptions;
  slack?: SlackOptions;
  /** Slack member ids from the default roster that exist in the fake workspace (default: the first five). */
  rosterInSlack?: number;
  log?: Logger;
  /** The database's URI as the bot reaches it (e.g. through an outage proxy), and how long it waits for it. */
  db?: { via?: (uri: string) => Promise<string>; serverSelectionTimeoutMS?: number };
};

let databases = 0;

export async function startHarness(testDb: TestDb, opts: HarnessOptions = {}) {
  const mode = opts.mode ?? 'http';
  const clock = testClock();
  const direct = testDb.local.uri.replace(/\/[^/]*$/, `/slack_${process.pid}_${++databases}`);
  const db = await connectDb(opts.db?.via ? await opts.db.via(direct) : direct, { serverSelectionTimeoutMS: opts.db?.serverSelectionTimeoutMS });
  const core: Core = await makeCore(db, { now: clock.now, locale: opts.locale ?? 'en', playbook: opts.playbook });
  if (opts.log) core.log = opts.log;
  else if (process.env.SLACK_TEST_LOG) core.log = pino({ level: process.env.SLACK_TEST_LOG });
  // Slack's 3-second windows are stretched here so a busy test machine never changes which path a
  // submission takes; the ack-budget path has its own test (ackBudgetMs: 0).
  const fake = await startFakeSlack({ ackTimeoutMs: 30_000, ...opts.fake });
  // The default roster's placeholder ids: some are people in this workspace, the rest stay unknown.
  for (let i = 1; i <= (opts.rosterInSlack ?? 5); i++) fake.addUser({ id: `U000PLACEHOLDER${i}`, name: `roster${i}` });
  fake.addChannel({ id: OPS, name: 'ops', members: [fake.botUserId, 'U0ALICE', 'U0WEI', 'U0CAROL'] });

  const config: Config = {
    dataDir: '',
    playbookDir: '',
    port: 0,
    locale: core.locale,
    logLevel: 'silent',
    slack: {
      botToken: fake.botToken,
      apiUrl: fake.apiUrl,
      ...(mode === 'http' ? { signingSecret: SECRET } : { appToken: fake.appToken }),
    },
  };
  const running: Running = { core, close: () => db.close() };
  const slackOpts: SlackOptions = {
    // The tests drive the outbox themselves (drains after interactions, a moved clock for backoff).
    dispatchIntervalMs: 3_600_000,
    ackBudgetMs: 10_000,
    ...opts.slack,
    clientOptions: { retryConfig: { retries: 0 }, ...opts.slack?.clientOptions },
    receiverOptions:
      mode === 'socket'
        ? { clientPingTimeout: 300, installerOptions: { clientOptions: { retryConfig: { retries: 0 } } }, ...opts.slack?.receiverOptions }
        : { unhandledRequestTimeoutMillis: 15_000, ...opts.slack?.receiverOptions },
  };
  const slack: SlackAdapter = await startSlack(running, config, slackOpts);
  const url = slack.server && mode === 'http' ? `http://127.0.0.1:${(slack.server.address() as AddressInfo).port}/slack/events` : '';

  const viaSocket = async (type: 'slash_commands' | 'interactive', payload: unknown): Promise<Reply> => {
    const ack = await fake.socketMode.sendEnvelope(type, payload);
    return { status: 200, body: ack.payload ?? '' };
  };

  /** `/crisis <text>` typed by `user` in `channel`; resolves with the ack. */
  const command = (text: string, user = 'U0ALICE', channel = OPS): Promise<Reply> => {
    const fields = { text, user_id: user, channel_id: channel };
    return mode === 'http' ? fake.sendSlashCommand(url, SECRET, fields) : viaSocket('slash_commands', fake.slashCommand(fields));
  };
  /** An interactivity payload (block_actions, view_submission…); resolves with the ack. */
  const interact = (payload: unknown): Promise<Reply> => (mode === 'http' ? fake.sendInteraction(url, SECRET, payload) : viaSocket('interactive', payload));
  /** Waits for the work the deliveries started (listener work after the ack, outbox drains). */
  const settled = () => slack.settled();
  /** The id of the modal opened most recently. */
  const lastViewId = (): string => {
    const id = [...fake.views.keys()].at(-1);
    if (!id) throw new Error('no modal was opened');
    return id;
  };
  /** Submits the open modal with these field values (field name -> what the person entered). */
  const submit = (values: Record<string, string | number>, user = 'U0ALICE', viewId = lastViewId()): Promise<Reply> => {
    const state = Object.fromEntries(Object.entries(values).map(([field, v]) => [field, { [field]: v }]));
    return interact(fake.viewSubmission({ view_id: viewId, user, values: state }));
  };
  /** `/crisis raise <title>` then a submission with these values; waits for the war room. */
  const raise = async (values: Record<string, string | number>, user = 'U0ALICE', channel = OPS): Promise<Reply> => {
    await command(`raise ${values.title ?? ''}`, user, channel);
    await settled();
    const reply = await submit(values, user);
    await settled();
    return reply;
  };

  const h = {
    mode,
    fake,
    core,
    db,
    clock,
    slack,
    url,
    command,
    interact,
    settled,
    lastViewId,
    submit,
    raise,
    incident: (key = KEY): Promise<Incident | null> => getIncident(core, key),
    timeline: (key = KEY) => readTimeline(db, key),
    /** Messages the bot posted in a channel, oldest first. */
    messages: (channel: string) => fake.messages.get(channel) ?? [],
    async stop(): Promise<void> {
      await slack.stop();
      await fake.stop();
      await running.close();
    },
  };
  return h;
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** The default roster's people (playbooks/roster.yml), in the order of their Slack ids U000PLACEHOLDER1…9. */
const ROSTER_PEOPLE = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan'];

/**
 * Puts every roster person in the harness's fake workspace under their roster name (start the
 * harness with `rosterInSlack: 0`). `locales`: a Slack locale for some of them (what users.info
 * answers with include_locale; the others are en-US); `deactivated`: ids whose accounts are deactivated.
 */
export function withRoster(h: Harness, opts: { locales?: Record<string, string>; deactivated?: string[] } = {}): Harness {
  ROSTER_PEOPLE.forEach((name, i) => {
    const id = `U000PLACEHOLDER${i + 1}`;
    const locale = opts.locales?.[id];
    h.fake.addUser({ id, name: `${name} Placeholder`, ...(locale ? { locale } : {}), ...(opts.deactivated ? { deleted: opts.deactivated.includes(id) } : {}) });
  });
  return h;
}

/** Epoch seconds of a time `minutesAgo` before the core's clock (what a datetimepicker submits). */
export const pickerValue = (h: Harness, minutesAgo: number) => Math.floor((h.clock.now().getTime() - minutesAgo * 60_000) / 1000);

/** Every text object in a list of blocks, with its type. */
export function textsOf(blocks: unknown): { type: string; text: string }[] {
  const out: { type: string; text: string }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') out.push({ type: o.type, text: o.text });
    else Object.values(o).forEach(walk);
  };
  walk(blocks);
  return out;
}

/** All visible text of blocks, joined (for "shows X" assertions). */
export const shown = (blocks: unknown) => textsOf(blocks).map((t) => t.text).join('\n');

/**
 * A test file's database plus every harness its tests start, all stopped after the file.
 * Call at the top level; `harness(opts)` inside tests.
 */
export function useHarnesses() {
  let db: TestDb;
  const started: Harness[] = [];
  beforeAll(async () => {
    db = await startTestDb();
  });
  afterAll(async () => {
    for (const h of started) await h.stop();
    await db?.stop();
  });
  return async (opts?: HarnessOptions) => {
    const h = await startHarness(db, opts);
    started.push(h);
    return h;
  };
}
