// The replicas test with the platform in the loop (issue 11): three bot processes on one database,
// each sweeping and running an outbox dispatcher that delivers to the fake Slack through the real
// Web API client, on a running test clock; one holder stalls past its lease and then resumes. The
// counts are taken where a person would see them — in the fake workspace's DMs and war rooms.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstStepAlert } from '../../src/domain/escalation.ts';
import { scheduleAlerts } from '../../src/store/alerts.ts';
import { FakeSlack } from '../fakes/slack/server.ts';
import { spawnTs } from '../support/cli.ts';
import { connectDb, makeCore, startTestDb } from '../support/core.ts';

const WORKER = path.join(import.meta.dirname, 'platform-worker.ts');
const INCIDENTS = 8;
const STEPS = 5;
const DUE = new Date('2026-11-28T10:15:00Z');
const NOW = new Date(DUE.getTime() + 30_000);
const LEASE_MS = 4000;

let testDb: Awaited<ReturnType<typeof startTestDb>>;
let fake: FakeSlack;
beforeAll(async () => {
  testDb = await startTestDb();
  fake = await new FakeSlack().listen();
});
afterAll(async () => {
  await fake?.stop();
  await testDb?.stop();
});

const key = (i: number) => `INC-20261128-${String(i + 1).padStart(3, '0')}`;
const owner = (j: number) => `U0OWNER${String(j).padStart(3, '0')}`;

describe('three bot processes delivering to Slack', () => {
  it('each due alert reaches its owner’s DM exactly once, and each war room one notice per alert, while a stalled holder resumes', { timeout: 300_000 }, async () => {
    const uri = testDb.uri('replicas_platform');
    const core = await makeCore(await connectDb(uri), { now: () => NOW });
    const rooms = Array.from({ length: INCIDENTS }, (_, i) => fake.state.addChannel({ name: `inc-20261128-${i}`, members: [fake.botUserId], created_by: fake.botUserId }));
    for (let j = 0; j < INCIDENTS * STEPS; j++) fake.addUser({ id: owner(j), name: `Owner ${j}` });
    const raisedAt = new Date(DUE.getTime() - 15 * 60_000);
    await core.db.m.Incident.insertMany(
      rooms.map((room, i) => ({
        _id: key(i), key: key(i), title: `Replica ${i}`, type: 'supply-chain', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'respond',
        platform: 'slack', workspace: fake.teamId, locale: 'en', reporter: { id: 'U0ALICE', name: 'Alice' }, lead: { id: 'U0ALICE', name: 'Alice' }, raisedAt, startedAt: raisedAt,
        ackedAt: raisedAt, setupDone: true, stepCount: STEPS, openDue: [], room: { id: room.id, name: room.name },
      })),
    );
    const steps = Array.from({ length: INCIDENTS * STEPS }, (_, j) => ({ incidentKey: key(Math.floor(j / STEPS)), n: (j % STEPS) + 1, owner: owner(j) }));
    await core.db.m.Step.insertMany(
      steps.map((s) => ({
        _id: `${s.incidentKey}:${s.n}`, incidentKey: s.incidentKey, n: s.n, planStepId: `s${s.n}`, phase: 'respond', title: { en: `Step ${s.n}`, 'zh-CN': `步骤 ${s.n}` },
        ownerRole: 'operations', owners: [{ id: s.owner, name: s.owner }], dueAt: DUE, status: 'open', version: 0, page: 0,
      })),
    );
    const ladder = core.playbook.levels[1]!.escalation;
    await scheduleAlerts(core.db, steps.map((s) => firstStepAlert(s.incidentKey, { n: s.n, version: 0, dueAt: DUE }, ladder)), core.now);

    const start = (stall?: number) => {
      const args = [uri, NOW.toISOString(), String(LEASE_MS), fake.apiUrl, fake.botToken, fake.botUserId, ...(stall ? [String(stall)] : [])];
      const child = spawnTs(WORKER, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b));
      child.stderr!.on('data', (b: Buffer) => (out += b));
      const said = (word: string) =>
        new Promise<void>((resolve) => {
          const look = () => (out.includes(word) ? resolve() : setTimeout(look, 50));
          look();
        });
      return { out: () => out, said, exited: new Promise<number | null>((resolve) => child.once('exit', resolve)) };
    };
    // The stalling holder starts alone and the others once it holds its 5th claim: on a loaded
    // machine they would otherwise take every alert before it claims five, and nothing would stall.
    const first = start(5);
    await Promise.race([first.said('stalled'), first.exited]);
    const workers = [first, start(), start()];
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.out().slice(-800)).join('\n---\n')).toEqual([0, 0, 0]);
    expect(workers[0]!.out()).toContain('woke');

    // At the platform: each owner's DM got exactly one overdue alert; each room one notice per step.
    const dmCounts = steps.map((s) => {
      const im = [...fake.channels.values()].find((c) => c.is_im && c.user === s.owner);
      return im ? (fake.messages.get(im.id) ?? []).filter((m) => m.text.includes('overdue')).length : 0;
    });
    expect(dmCounts).toEqual(steps.map(() => 1));
    const notices = rooms.map((r) => (fake.messages.get(r.id) ?? []).filter((m) => m.text.includes('is overdue')).length);
    expect(notices).toEqual(rooms.map(() => STEPS));
    expect(await core.db.m.Outbox.countDocuments({})).toBe(0);
    console.log(`${steps.length} alerts, 3 processes with dispatchers (one stalled past its lease, then resumed): ${dmCounts.reduce((a, b) => a + b, 0)} DMs and ${notices.reduce((a, b) => a + b, 0)} room notices at the fake Slack`);
    await core.db.close();
  });
});
