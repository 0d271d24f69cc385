// Issue 11's own reproduction: the bot process — `crisis-bot start`, Slack over HTTP and Discord,
// both against the fakes on 127.0.0.1 — SIGKILLed at chosen points of a raise's delivery (and of an
// alert's), then started again on the same database. The fakes execute the call that triggers the
// kill and the process dies before hearing the answer. Each time, the room must end with every
// message exactly once (counted by the posting-once key the message carries) and the reporter told
// once, and the outbox must end empty: nothing stuck behind a dead holder's lease.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { firstStepAlert } from '../../src/domain/escalation.ts';
import { scheduleAlerts } from '../../src/store/alerts.ts';
import type { Db } from '../../src/store/connect.ts';
import type { Incident } from '../../src/store/incidents.ts';
import type { Step } from '../../src/store/records.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import type { RecordedCall } from '../fakes/slack/state.ts';
import { guildWithRoster } from '../adapters/discord/support.ts';
import { textsOf } from '../adapters/slack/harness.ts';
import { connectDb, loadDefaultPlaybook, startTestDb } from '../support/core.ts';
import { killAll, SECRET, sigkill, startBot, type Bot } from './bot-process.ts';
import { discordRaise, discordRoomOnce } from './sigkill-discord.ts';

const OPS = 'C0OPS';
const REPORTER = 'U0ALICE';
const EFFECT_EVENT = 'crisis_bot_effect';

let testDb: Awaited<ReturnType<typeof startTestDb>>;
let slack: FakeSlack;
let discord: FakeDiscord;
let dir: string;
let uri: string;
let db: Db;
let bot: Bot;
const kills: string[] = [];
// Generous for a loaded machine: two process starts may take a minute each there (a quiet one: seconds).
const TEST_MS = 300_000;

beforeAll(async () => {
  testDb = await startTestDb();
  slack = await startFakeSlack();
  discord = await startFakeDiscord({ guilds: [guildWithRoster()] });
  // The default roster's placeholder ids are people of this workspace (as in the adapter tests).
  for (let i = 1; i <= 5; i++) slack.addUser({ id: `U000PLACEHOLDER${i}`, name: `roster${i}` });
  slack.addChannel({ id: OPS, name: 'ops', members: [slack.botUserId, REPORTER, 'U0WEI', 'U0CAROL'] });
  dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-sigkill-'));
  uri = testDb.uri('sigkill');
  db = await connectDb(uri);
  bot = await startBot({ slack, discord }, dir, uri);
}, TEST_MS);

afterAll(async () => {
  console.log(timings.join(', '));
  await killAll();
  await db?.close();
  await slack?.stop();
  await discord?.stop();
  await testDb?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Resolves once the running bot has been SIGKILLed, right after the fake Slack executed the first call `match` accepts. */
function killAfterSlack(match: (c: RecordedCall) => boolean): Promise<RecordedCall> {
  const victim = bot;
  return new Promise((resolve) => {
    slack.afterCall = (c) => {
      if (!match(c)) return;
      slack.afterCall = undefined;
      // Before the fake answers: the process dies with the call done and its answer unheard.
      sigkill(victim);
      resolve(c);
    };
  });
}

/** Waits for the killed process to be gone and starts the next one on the same database. */
async function restart(point: string): Promise<void> {
  await bot.kill();
  kills.push(point);
  const t0 = Date.now();
  bot = await startBot({ slack, discord }, dir, uri);
  timings.push(`restart ${Date.now() - t0} ms`);
}
const timings: string[] = [];

/** A test that failed may have left no bot running: the next one starts from a live process. */
async function live(): Promise<void> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) return;
  bot = await startBot({ slack, discord }, dir, uri);
}

const posted = (c: RecordedCall, words: string) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes(words);

/** `/crisis raise` in #ops and the modal submitted; resolves with the incident once it is recorded. */
async function slackRaise(title: string): Promise<Incident> {
  const opened = slack.callsTo('views.open').length;
  expect((await slack.sendSlashCommand(bot.events, SECRET, { text: `raise ${title}`, user_id: REPORTER, channel_id: OPS })).status).toBe(200);
  await vi.waitFor(() => expect(slack.callsTo('views.open').length).toBe(opened + 1), { timeout: 30_000, interval: 50 });
  const viewId = [...slack.views.keys()].at(-1)!;
  const values = { title, type: 'safety-accident', description: 'Smoke in the north wing', location: 'Building 3', started_at: Math.floor(Date.now() / 1000) - 600, people_affected: '12' };
  const state = Object.fromEntries(Object.entries(values).map(([field, v]) => [field, { [field]: v }]));
  // The process may be killed before it acks (its delivery starts at once): the record is what counts.
  void slack.sendInteraction(bot.events, SECRET, slack.viewSubmission({ view_id: viewId, user: REPORTER, values: state })).catch(() => undefined);
  return vi.waitFor(async () => {
    const found = (await db.m.Incident.findOne({ title }).lean()) as unknown as Incident | null;
    if (!found?.setupDone) throw new Error(`${title} not recorded yet`);
    return found;
  }, { timeout: 60_000, interval: 50 });
}

/** Until the outbox is empty: every effect delivered (delivered entries are deleted; a failed one would stay). */
async function drained(): Promise<void> {
  const t0 = Date.now();
  await vi.waitFor(async () => expect(await db.m.Outbox.countDocuments({})).toBe(0), { timeout: 90_000, interval: 100 });
  timings.push(`drained ${Date.now() - t0} ms`);
  // SIGKILL_LOG=<pino level> shows what the running bot logged, to see where a slow drain waited.
  if (process.env.SIGKILL_LOG) console.log(`drain from ${t0}:\n${bot.output()}`);
}

const incidentNamed = async (key: string) => (await db.m.Incident.findById(key).lean()) as unknown as Incident;

/** The war room on Slack: each keyed message once, the summary (pinned) and every checklist page once, the reporter told once. */
async function expectSlackRoomOnce(key: string, title: string): Promise<number> {
  const incident = await incidentNamed(key);
  const room = incident.room!.id;
  const messages = slack.messages.get(room) ?? [];
  const keys = messages.filter((m) => m.metadata?.event_type === EFFECT_EVENT).map((m) => `${String(m.metadata!.event_payload.key)}#${String(m.metadata!.event_payload.part)}`);
  expect(keys.length).toBe(messages.length);
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  // A copy under another key (an effect queued twice) would pass the check above: the named messages are counted by what they say first.
  expect(messages.filter((m) => m.text.startsWith(`${key}: ${title}`))).toHaveLength(1);
  const pages = incident.checklistMessages!.length;
  expect(pages).toBeGreaterThan(1);
  for (let p = 1; p <= pages; p++) expect(messages.filter((m) => textsOf(m.blocks)[0]?.text === `Checklist ${key} (${p}/${pages})`)).toHaveLength(1);
  expect(slack.channels.get(room)!.pins.size).toBe(1);
  const told = slack.ephemerals.filter((e) => e.user === REPORTER && e.channel === OPS && JSON.stringify(e.blocks).includes(`<#${room}>`));
  expect(told).toHaveLength(1);
  expect(slack.callsTo('conversations.create').filter((c) => String(c.args.name).startsWith(key.toLowerCase()))).toHaveLength(1);
  expect((await readTimeline(db, key)).filter((e) => e.type === 'delivery.failed')).toEqual([]);
  return messages.length;
}

describe('SIGKILL the bot process during delivery, then restart it', () => {
  it('Slack: killed right after the summary was posted — the room ends with one of each message', { timeout: TEST_MS }, async () => {
    await live();
    const killed = killAfterSlack((c) => posted(c, 'Summary fire'));
    const incident = await slackRaise('Summary fire');
    await killed;
    await restart('slack: after chat.postMessage of the summary');
    await drained();
    const count = await expectSlackRoomOnce(incident.key, 'Summary fire');
    console.log(`killed after the summary: ${count} messages in the room, each once`);
  });

  it('Slack: killed right after checklist page 1 was posted', { timeout: TEST_MS }, async () => {
    await live();
    const killed = killAfterSlack((c) => posted(c, 'Checklist ') && posted(c, '(1/'));
    const incident = await slackRaise('Checklist fire');
    await killed;
    await restart('slack: after chat.postMessage of checklist page 1');
    await drained();
    const count = await expectSlackRoomOnce(incident.key, 'Checklist fire');
    console.log(`killed after checklist page 1: ${count} messages in the room, each once`);
  });

  it('Slack: killed right after an overdue alert’s DM was posted — the owner is alerted once, the room told once', { timeout: TEST_MS }, async () => {
    await live();
    // Any Slack incident whose war room is up (the tests above each leave one).
    const incident = (await db.m.Incident.findOne({ platform: 'slack', 'room.id': { $exists: true } }).lean()) as unknown as Incident;
    const steps = (await db.m.Step.find({ incidentKey: incident.key }).lean()) as unknown as Step[];
    // A step owned by someone in the workspace, so the alert is a DM (not a refusal posted in the room).
    const inWorkspace = (id: string) => slack.users.has(id);
    const step = steps.find((s) => s.status === 'open' && s.owners.some((o) => inWorkspace(o.id)))!;
    const owner = step.owners.find((o) => inWorkspace(o.id))!;
    const playbook = await loadDefaultPlaybook();
    const ladder = playbook.levels.find((l) => l.level === incident.level)!.escalation;
    // A minute late: the first rung (the owners, at 0m) is due, the next (the lead, at 15m) is not.
    const overdue = new Date(Date.now() - 60_000);
    const inRoom = slack.messages.get(incident.room!.id)?.length ?? 0;
    const killed = killAfterSlack((c) => c.method === 'chat.postMessage' && slack.channels.get(String(c.args.channel))?.is_im === true && slack.channels.get(String(c.args.channel))?.user === owner.id);
    // As the raise schedules it: the running bot's sweep (every second) sends it.
    await scheduleAlerts(db, [firstStepAlert(incident.key, { n: step.n, version: step.version, dueAt: overdue }, ladder)], () => new Date());
    await killed;
    await restart('slack: after chat.postMessage of an alert DM');
    await drained();
    const im = [...slack.channels.values()].find((c) => c.is_im && c.user === owner.id)!;
    const dms = (slack.messages.get(im.id) ?? []).filter((m) => JSON.stringify(m.blocks ?? m.text).includes(`${incident.key}`));
    expect(dms).toHaveLength(1);
    // Since the alert, the room got its notice once — and, for owners Slack has no DM for, one post each
    // addressed to them: every new message once by its key.
    const since = (slack.messages.get(incident.room!.id) ?? []).slice(inRoom);
    const keys = since.map((m) => JSON.stringify(m.metadata?.event_payload));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(since.filter((m) => m.text.startsWith(`⚠ Step ${step.n} `) && m.text.includes('overdue — reminded'))).toHaveLength(1);
    expect((await readTimeline(db, incident.key)).filter((e) => e.type === 'deadline.alert')).toHaveLength(1);
  });

  it('Slack: posts executed but failed — answered 500, or the connection dropped with no answer — leave one of each', { timeout: TEST_MS }, async () => {
    await live();
    slack.fail('chat.postMessage', { executed: true, status: 500, times: 2 });
    const incident = await slackRaise('Storm fire');
    await vi.waitFor(() => expect(slack.callsTo('chat.postMessage').filter((c) => c.executed).length).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 50 });
    slack.fail('chat.postMessage', { executed: true, drop: true, times: 1 });
    await drained();
    const count = await expectSlackRoomOnce(incident.key, 'Storm fire');
    console.log(`three executed failures (two 500s, one dropped connection): ${count} messages in the room, each once`);
  });

  it('Discord: killed while a message post is in flight (stored, not yet answered)', { timeout: TEST_MS }, async () => {
    await live();
    const victim = bot;
    const killed = new Promise<void>((resolve) => {
      discord.afterExecute = (c) => {
        if (c.method !== 'POST' || !/^\/channels\/\d+\/messages$/.test(c.path) || !JSON.stringify(c.body).includes('Checklist')) return;
        discord.afterExecute = undefined;
        sigkill(victim);
        resolve();
      };
    });
    const raised = discordRaise(discord, db, { title: 'Discord fire', type: 'safety-accident', people_affected: '3' });
    await killed;
    await restart('discord: during POST /channels/:id/messages of a checklist page');
    const { key, token } = await raised;
    await drained();
    const count = await discordRoomOnce(discord, db, key, 'Discord fire', token);
    console.log(`killed during a Discord post: ${count} messages in the room, each once`);
    console.log(`crash points tried: ${kills.length} SIGKILLs (${kills.join('; ')}) and 3 executed-then-failed Slack posts`);
  });
});
