import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Core } from '../../src/core.ts';
import { keyedHash } from '../../src/domain/timeline.ts';
import { changeRole } from '../../src/people/service.ts';
import { raise } from '../../src/incidents/service.ts';
import { exportCli } from '../../src/report/cli.ts';
import { decideResource } from '../../src/resources/service.ts';
import { recordRca } from '../../src/actions/service.ts';
import { draftStatement } from '../../src/statements/service.ts';
import { recordRumour } from '../../src/statements/rumours.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { ALICE, DAVE, ERIN, KEY, scriptedIncident } from '../report/scripted.ts';
import { ROOT, spawnTs } from '../support/cli.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';

// The evidence bundle end to end: a scripted incident (facts, impact, level change, phases,
// a statement, a rumour, a role, a resource request) exported on a store keyed with the audit key,
// checked by the standalone script, then tampered with file by file and event by event.

const AUDIT_KEY = 'evidence-test-audit-key-0123456789abcdef';
const testDb = useTestDb();
let core: Core;
let clock: ReturnType<typeof testClock>;
let dir = '';
let env: Record<string, string> = {};
let bundle = '';
let broken = '';

async function exportIn(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await exportCli(args, loadConfig(env, ROOT), { out: (c) => out.push(String(c)), err: (l) => err.push(l) }, { now: clock.now });
  return { code, stdout: out.join(''), stderr: err.join('\n') };
}

/** The script as a third party runs it: its own Node process, nothing of the bot loaded. */
function verify(folder: string, ...args: string[]): Promise<{ code: number; out: string[] }> {
  return new Promise((resolve) => {
    const child = spawnTs(path.join(ROOT, 'test/evidence/verify-bundle.ts'), [folder, ...args], { env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp' } });
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (out += b));
    child.on('exit', (code) => resolve({ code: code ?? -1, out: out.trim().split('\n') }));
  });
}
const fails = (r: { out: string[] }) => r.out.filter((l) => l.startsWith('FAIL '));
const json = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
const copy = async (name: string) => {
  const to = path.join(dir, name);
  await cp(bundle, to, { recursive: true });
  return to;
};
/** What a forger without the key does after editing a file: makes the manifest match it again. */
async function rehashInManifest(folder: string, name: string) {
  const m = await json(path.join(folder, 'manifest.json'));
  const body = await readFile(path.join(folder, name));
  const entry = m.files.find((f: { name: string }) => f.name === name);
  entry.sha256 = createHash('sha256').update(body).digest('hex');
  entry.bytes = body.length;
  await writeFile(path.join(folder, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-evidence-'));
  clock = testClock();
  core = await makeCore(await connectDb(testDb.uri('evidence'), { auditKey: Buffer.from(AUDIT_KEY, 'utf8') }), { now: clock.now });
  await scriptedIncident(core, clock);
  const fresh = async () => (await findIncident(core.db, KEY))!;
  await draftStatement(core, await fresh(), { kind: 'holding', audience: 'public', channels: ['announcements'], text: { en: 'We are aware of a fire.', 'zh-CN': '我们已获悉火情。' } }, ERIN);
  await recordRumour(core, await fresh(), { what: 'The warehouse stored chemicals' }, DAVE);
  await changeRole(core, await fresh(), { kind: 'assign', role: 'operations', who: DAVE, by: ALICE }, ALICE);
  await decideResource(core, await fresh(), { kind: 'request', request: { resource: 'emergency-fund', quantity: 1000, purpose: 'hotel rooms' } }, ALICE);
  await decideResource(core, await fresh(), { kind: 'approve', id: 'R1' }, ALICE);
  const due = clock.now().getTime() + 7 * 86_400_000;
  await recordRca(core, await fresh(), { problem: 'Fire in the loading bay', whys: [{ text: 'A pallet was stored by the heater', category: 'process' }], evidence: ['F1'], corrective: [{ title: 'Keep the bay clear', owner: { role: 'operations' }, due, source: 'root-cause' }] }, ALICE);
  env = { MONGODB_URI: testDb.uri('evidence'), CRISIS_AUDIT_KEY: AUDIT_KEY, CRISIS_AUDIT_DIR: path.join(dir, 'audit'), TZ: 'UTC' };
  bundle = path.join(dir, 'bundle');
  // A second incident whose stored timeline is then rewritten in the database (an actor changed).
  const other = (await raise(core, { title: 'Rumour on social media', type: 'reputation', criteria: {} }, { platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' } })).incident;
  broken = other.key;
  await core.db.m.Timeline.updateOne({ incidentKey: broken, seq: 1 }, { $set: { actor: 'Mallory' } });
}, 300_000);
afterAll(async () => {
  await core?.db.close();
  await rm(dir, { recursive: true, force: true });
});

const FILES = ['incident.json', 'steps.json', 'facts.json', 'impact.json', 'statements.json', 'rumours.json', 'people.json', 'resources.json', 'decisions.json', 'improvements.json', 'timeline.json', 'report.md', 'report.html'];

describe('crisis-bot export: the evidence bundle', { timeout: 180_000 }, () => {
  it('writes every domain file, the whole timeline and a manifest with each file\'s SHA-256 and size', async () => {
    const r = await exportIn([KEY, '--out', bundle]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([...FILES, 'manifest.json'].map((f) => path.join(bundle, f)));
    const m = await json(path.join(bundle, 'manifest.json'));
    expect(m.files.map((f: { name: string }) => f.name)).toEqual(FILES);
    for (const f of m.files) {
      const body = await readFile(path.join(bundle, f.name));
      expect({ name: f.name, sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length }).toEqual(f);
    }
    const { version } = await json(path.join(ROOT, 'package.json'));
    expect(m.tool).toEqual({ name: 'crisis-bot', version });
    expect(m.createdAt).toBe(clock.now().toISOString());
    const events = await readTimeline(core.db, KEY);
    expect(m.verification).toEqual({ ok: true, keyed: true, count: events.length });
    const { seal, ...rest } = m;
    expect(seal).toBe(keyedHash(Buffer.from(AUDIT_KEY), { chain: 'evidence-manifest', manifest: rest }));
  });

  it('holds every version and decision: facts, statements, rumours, roles, resources, level and phase changes', async () => {
    const facts = await json(path.join(bundle, 'facts.json'));
    expect(facts.versions.map((f: { id: string; v: number }) => `${f.id}v${f.v}`)).toEqual(['F1v1', 'F2v1']);
    expect(facts.events.map((e: { type: string }) => e.type)).toEqual(['fact.added', 'fact.verified', 'fact.added', 'fact.disputed']);
    expect((await json(path.join(bundle, 'impact.json'))).assessments[0].directLoss).toEqual({ amount: 250000, currency: 'CNY' });
    const statements = (await json(path.join(bundle, 'statements.json'))).statements;
    expect(statements.map((s: { id: string; versions: unknown[] }) => [s.id, s.versions.length])).toEqual([['S1', 1]]);
    expect((await json(path.join(bundle, 'rumours.json'))).rumours[0].what).toBe('The warehouse stored chemicals');
    const people = await json(path.join(bundle, 'people.json'));
    expect(people.roles.operations).toContainEqual(DAVE);
    expect(people.events.map((e: { type: string; data: { who?: string } }) => [e.type, e.data.who])).toEqual([['role.assigned', DAVE.name]]);
    const resources = await json(path.join(bundle, 'resources.json'));
    expect(resources.requests.map((q: { id: string; status: string }) => [q.id, q.status])).toEqual([['R1', 'approved']]);
    expect(resources.stockMovements.map((s: { delta: number }) => s.delta)).toEqual([1000]);
    const improvements = await json(path.join(bundle, 'improvements.json'));
    expect(improvements.rootCause.map((r: { v: number; problem: string; evidence: string[] }) => [r.v, r.problem, r.evidence])).toEqual([[1, 'Fire in the loading bay', ['F1']]]);
    expect(improvements.actions.map((a: { id: string; title: string }) => [a.id, a.title])).toEqual([['A1', 'Keep the bay clear']]);
    expect(improvements.events.map((e: { type: string }) => e.type)).toEqual(['rca.recorded']);
    const { decisions } = await json(path.join(bundle, 'decisions.json'));
    expect(decisions.find((d: { type: string }) => d.type === 'level.changed')).toMatchObject({ by: 'Alice Placeholder', reason: 'Injuries less serious than first reported', data: { from: 2, to: 3 } });
    expect(decisions.filter((d: { type: string }) => d.type === 'status.changed').map((d: { data: { to: string } }) => d.data.to)).toEqual(['respond', 'control', 'resolve', 'review']);
    const timeline = await json(path.join(bundle, 'timeline.json'));
    expect(timeline.chain.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: timeline.chain.length }, (_, i) => i + 1));
    // Each decision cites its event: the same seq, type and actor as in the chain.
    for (const d of decisions) expect(timeline.chain[d.seq - 1]).toMatchObject({ type: d.type, actor: d.by });
  });

  it('the standalone script checks it with the key; without it, only the links, and says so', async () => {
    const withKey = await verify(bundle, '--key', AUDIT_KEY);
    expect(withKey.code).toBe(0);
    expect(withKey.out).toContain('note: manifest seal matches the audit key');
    expect(withKey.out.at(-1)).toBe('OK: every file matches the manifest');
    const keyFile = path.join(dir, 'audit.key');
    await writeFile(keyFile, `${AUDIT_KEY}\n`);
    expect((await verify(bundle, '--key-file', keyFile)).code).toBe(0);
    const without = await verify(bundle);
    expect(without.code).toBe(0);
    expect(without.out.join('\n')).toMatch(/timeline: \d+ of \d+ events are keyed \(HMAC\); without the audit key only their sequence and links were checked/);
    expect(without.out).toContain('note: manifest seal not checked: no audit key given (--key or --key-file)');
    const wrong = await verify(bundle, '--key', 'not-the-key-not-the-key-not-the-key');
    expect(wrong.code).toBe(1);
    expect(fails(wrong)[0]).toBe('FAIL manifest.json: the seal does not match (the manifest was changed, or the key is not the one it was exported with)');
  });

  it('reports exactly which file was edited, removed or added', async () => {
    const edited = await copy('edited');
    await writeFile(path.join(edited, 'report.md'), `${await readFile(path.join(edited, 'report.md'), 'utf8')}\nAll fine.\n`);
    const r1 = await verify(edited, '--key', AUDIT_KEY);
    expect(r1.code).toBe(1);
    expect(fails(r1)).toHaveLength(1);
    expect(fails(r1)[0]).toMatch(/^FAIL report\.md: changed \(manifest: \d+ bytes, sha256 [0-9a-f]{64}; found: \d+ bytes, sha256 [0-9a-f]{64}\)$/);

    const removed = await copy('removed');
    await rm(path.join(removed, 'people.json'));
    await writeFile(path.join(removed, 'notes.txt'), 'added later');
    const r2 = await verify(removed);
    expect(fails(r2)).toEqual([expect.stringMatching(/^FAIL people\.json: missing \(the manifest lists it, \d+ bytes\)$/), 'FAIL notes.txt: not in the manifest (added after the export)']);
  });

  it('reports an edited event and a removed event, and a manifest rewritten to match, with the key', async () => {
    const edited = await copy('event-edited');
    const t = await json(path.join(edited, 'timeline.json'));
    t.chain[4].actor = 'Someone Else';
    await writeFile(path.join(edited, 'timeline.json'), `${JSON.stringify(t, null, 2)}\n`);
    const r1 = await verify(edited, '--key', AUDIT_KEY);
    expect(fails(r1)).toEqual([expect.stringMatching(/^FAIL timeline\.json: changed /), `FAIL timeline.json: event 5 (${t.chain[4].type}) content does not match its hash`]);
    // The forger fixes the manifest too: the key still tells (the seal, the event's HMAC)...
    await rehashInManifest(edited, 'timeline.json');
    const r2 = await verify(edited, '--key', AUDIT_KEY);
    expect(fails(r2)).toEqual([
      'FAIL manifest.json: the seal does not match (the manifest was changed, or the key is not the one it was exported with)',
      `FAIL timeline.json: event 5 (${t.chain[4].type}) content does not match its hash`,
    ]);
    // ...and without the key nothing can: the script says which hashes it could not check.
    const r3 = await verify(edited);
    expect(r3.code).toBe(0);
    expect(r3.out.join('\n')).toContain('without the audit key only their sequence and links were checked, not their content');

    const cut = await copy('event-removed');
    const t2 = await json(path.join(cut, 'timeline.json'));
    t2.chain.splice(6, 1);
    await writeFile(path.join(cut, 'timeline.json'), `${JSON.stringify(t2, null, 2)}\n`);
    await rehashInManifest(cut, 'timeline.json');
    // A gap needs no key to see.
    const r4 = await verify(cut);
    expect(r4.code).toBe(1);
    expect(fails(r4)).toEqual(['FAIL timeline.json: event 7 is missing (found seq 8 in its place)']);
  });

  it('still writes the bundle of a broken chain, says where it breaks and exits 3', async () => {
    const out = path.join(dir, 'broken');
    const r = await exportIn([broken, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe("the timeline's chain is broken at event 1: content does not match its hash (the bundle is written; manifest.json says the same)");
    const m = await json(path.join(out, 'manifest.json'));
    expect(m.verification).toEqual({ ok: false, keyed: true, seq: 1, problem: 'content does not match its hash' });
    expect(m.files).toHaveLength(FILES.length);
    // The files are intact as exported; the script finds the break in the chain they carry.
    const v = await verify(out, '--key', AUDIT_KEY);
    expect(fails(v)).toEqual(['FAIL timeline.json: event 1 (incident.raised) content does not match its hash']);
    expect(v.out).toContain('note: the manifest itself records the chain as broken at event 1 when exported');
  });

  it('refuses an unknown incident and a folder that cannot be written, exit 1', async () => {
    const unknown = await exportIn(['INC-20990101-001', '--out', path.join(dir, 'never')]);
    expect(unknown).toMatchObject({ code: 1, stderr: 'no incident INC-20990101-001' });
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const nowhere = await exportIn([KEY, '--out', path.join(file, 'bundle')]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toBe(`cannot write ${path.join(file, 'bundle')}: ENOTDIR`);
  });
});
