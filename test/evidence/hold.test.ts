import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Core } from '../../src/core.ts';
import { verifyChain } from '../../src/domain/timeline.ts';
import { holdCli } from '../../src/evidence/hold-cli.ts';
import { raise } from '../../src/incidents/service.ts';
import { summaryCard, timelineCard } from '../../src/incidents/messaging.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import type { Card } from '../../src/ui/card.ts';
import { runCli, ROOT } from '../support/cli.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';

// crisis-bot hold: the operator's command line sets and clears the legal hold, each change a keyed
// timeline event with who and why; the pinned summary says so in English and Chinese.

const AUDIT_KEY = 'hold-test-audit-key-0123456789abcdef0123';
const testDb = useTestDb();
let core: Core;
let clock: ReturnType<typeof testClock>;
let dir = '';
let env: Record<string, string> = {};
let incident: Incident;

async function hold(args: string[], over: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const config = loadConfig(Object.fromEntries(Object.entries({ ...env, ...over }).filter(([, v]) => v !== undefined)) as Record<string, string>, ROOT);
  const code = await holdCli(args, config, { out: (c) => out.push(c), err: (l) => err.push(l) }, { now: clock.now });
  return { code, stdout: out.join(''), stderr: err.join('\n') };
}
const cardText = (c: Card) => JSON.stringify(c);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-hold-'));
  clock = testClock(new Date('2026-11-28T10:00:00Z'));
  core = await makeCore(await connectDb(testDb.uri('hold'), { auditKey: Buffer.from(AUDIT_KEY, 'utf8') }), { now: clock.now });
  incident = (await raise(core, { title: 'Warehouse fire', type: 'safety-accident', criteria: {} }, { platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' } })).incident;
  env = { MONGODB_URI: testDb.uri('hold'), CRISIS_AUDIT_KEY: AUDIT_KEY, CRISIS_AUDIT_DIR: path.join(dir, 'audit'), TZ: 'UTC' };
}, 120_000);
afterAll(async () => {
  await core?.db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('crisis-bot hold', { timeout: 120_000 }, () => {
  it('answers --help, and names the missing part of a bad command line (exit 2)', async () => {
    const help = await runCli(['hold', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: crisis-bot hold KEY on|off --reason "..." [--by NAME]');
    expect(await hold([incident.key, 'on'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--reason is required: say why the hold is set or cleared') });
    expect(await hold([incident.key, '--reason', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('on or off?') });
    expect(await hold([incident.key, 'maybe', '--reason', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unexpected argument maybe') });
    expect(await hold([incident.key, 'on', '--by'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--by needs a value') });
    expect(await hold(['on', '--reason', 'x'])).toMatchObject({ code: 2 });
  });

  it('refuses an unknown incident, and a store without the audit key at hand (never makes a new one), exit 1', async () => {
    expect(await hold(['INC-20990101-001', 'on', '--reason', 'x'])).toMatchObject({ code: 1, stderr: 'no incident INC-20990101-001' });
    const keyless = await hold([incident.key, 'on', '--reason', 'x'], { CRISIS_AUDIT_KEY: undefined });
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toContain('no audit key');
    expect((await findIncident(core.db, incident.key))!.legalHold).toBeFalsy();
  });

  it('sets the hold with a keyed timeline event saying who and why; again changes nothing; off clears it', async () => {
    clock.set(new Date('2026-11-28T11:00:00Z'));
    const on = await hold([incident.key.toLowerCase(), 'on', '--reason', 'Litigation expected from the neighbour', '--by', 'Dana Counsel']);
    expect(on).toEqual({ code: 0, stdout: `${incident.key} is now under legal hold (recorded in its timeline).\n`, stderr: '' });
    let held = (await findIncident(core.db, incident.key))!;
    expect(held.legalHold).toBe(true);
    let events = await readTimeline(core.db, incident.key);
    expect(events.at(-1)).toMatchObject({ type: 'legal.hold.set', actor: 'Dana Counsel', data: { reason: 'Litigation expected from the neighbour' }, at: new Date('2026-11-28T11:00:00Z'), hashAlg: 'hmac1' });
    expect(verifyChain(events, Buffer.from(AUDIT_KEY))).toEqual({ ok: true, count: events.length });
    // The pinned summary is redrawn through the outbox, and shows the hold in the incident's language and in Chinese.
    expect(await core.db.m.Outbox.countDocuments({ incidentKey: incident.key, 'effect.kind': 'refresh-summary' })).toBe(1);
    expect(cardText(summaryCard(core, held))).toContain("LEGAL HOLD — this incident's record is preserved in full");
    expect(cardText(summaryCard(core, { ...held, locale: 'zh-CN' }))).toContain('法律保全 — 本事件的记录完整保留');
    expect(cardText(timelineCard(core, held, events, 'en'))).toContain('Dana Counsel placed the incident under legal hold: Litigation expected from the neighbour');

    const again = await hold([incident.key, 'on', '--reason', 'once more', '--by', 'Dana Counsel']);
    expect(again.stdout).toBe(`${incident.key} is already under legal hold; nothing changed.\n`);
    expect(await readTimeline(core.db, incident.key)).toHaveLength(events.length);

    const off = await hold([incident.key, 'off', '--reason=Claim settled', '--by', 'Dana Counsel']);
    expect(off.stdout).toBe(`${incident.key} is now not under legal hold (recorded in its timeline).\n`);
    held = (await findIncident(core.db, incident.key))!;
    expect(held.legalHold).toBe(false);
    events = await readTimeline(core.db, incident.key);
    expect(events.at(-1)).toMatchObject({ type: 'legal.hold.cleared', actor: 'Dana Counsel', data: { reason: 'Claim settled' } });
    expect(cardText(summaryCard(core, held))).not.toContain('LEGAL HOLD');
    expect(cardText(timelineCard(core, held, events, 'zh-CN'))).toContain('Dana Counsel 解除了法律保全：Claim settled');
  });

  it('records the operating-system user when --by is not given', async () => {
    const r = await runCli(['hold', incident.key, 'on', '--reason', 'Regulator inquiry'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const last = (await readTimeline(core.db, incident.key)).at(-1)!;
    expect(last).toMatchObject({ type: 'legal.hold.set', data: { reason: 'Regulator inquiry' } });
    expect(last.actor).toBe(os.userInfo().username);
  });
});
