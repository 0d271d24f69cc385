import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { checkPlaybook } from '../../src/playbook/check.ts';
import { proposalsOf } from '../../src/plans/chat.ts';
import { planApplyCli, planDiffCli, planRejectCli } from '../../src/plans/cli.ts';
import type { PlanChange } from '../../src/plans/model.ts';
import { proposePlanChange } from '../../src/plans/service.ts';
import { findProposal } from '../../src/plans/store.ts';
import type { Incident } from '../../src/store/records.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { runCli, ROOT } from '../support/cli.ts';
import { connectDb, DEFAULT_PLAYBOOK, makeCore, testClock, useTestDb } from '../support/core.ts';

// crisis-bot plan-diff and plan-apply on a copy of the shipped playbook: the patch of each open
// proposal, the file written only when the result passes check, stale and failing ones refused.

const AUDIT_KEY = 'plan-test-audit-key-0123456789abcdef01234';
const testDb = useTestDb();
const alice = { id: 'alice', name: 'Alice Placeholder' };
let core: Core;
let clock: ReturnType<typeof testClock>;
let dir = '';
let pb = '';
let env: Record<string, string> = {};
let incident: Incident;
const file = () => path.join(pb, 'plans/reputation.yml');

async function verb(run: typeof planDiffCli, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, loadConfig(env, ROOT), { out: (c) => out.push(String(c)), err: (l) => err.push(l) }, { now: clock.now });
  return { code, stdout: out.join(''), stderr: err.join('\n') };
}
const propose = async (change: PlanChange, why = 'lesson from the drill') => (await proposePlanChange(core, incident, 'reputation', change, why, alice)).id;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-plan-cli-'));
  pb = path.join(dir, 'playbook');
  await cp(DEFAULT_PLAYBOOK, pb, { recursive: true });
  clock = testClock(new Date('2026-11-28T10:00:00Z'));
  core = await makeCore(await connectDb(testDb.uri('plans'), { auditKey: Buffer.from(AUDIT_KEY, 'utf8') }), { now: clock.now });
  incident = (await raise(core, { title: 'Rumour on social media', type: 'reputation', criteria: {} }, { platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'rita', name: 'Rita' } })).incident;
  env = { MONGODB_URI: testDb.uri('plans'), CRISIS_AUDIT_KEY: AUDIT_KEY, CRISIS_AUDIT_DIR: path.join(dir, 'audit'), PLAYBOOK_DIR: pb, TZ: 'UTC' };
}, 120_000);
afterAll(async () => {
  await core?.db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('crisis-bot plan-diff and plan-apply', { timeout: 180_000 }, () => {
  it('answers --help and refuses a bad command line with its usage (exit 2)', async () => {
    const help = await runCli(['plan-diff', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: crisis-bot plan-diff [--dir DIR] [ID…]');
    expect(await verb(planApplyCli, [])).toMatchObject({ code: 2, stderr: expect.stringContaining('which proposal? give one id, e.g. P3') });
    expect(await verb(planApplyCli, ['P1', '--dir'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--dir needs a value') });
    expect(await verb(planDiffCli, ['first'])).toMatchObject({ code: 2, stderr: expect.stringContaining("'first' is not a proposal id; use one like P1") });
  });

  it('prints each open proposal as a patch with its header, the file untouched', async () => {
    const before = await readFile(file(), 'utf8');
    const p1 = await propose({ kind: 'change-owner', step: 'legal-review', at: 4, owner: 'comms' }, 'legal was on leave in the drill');
    const p2 = await propose({ kind: 'change-due', step: 'verify-claims', at: 2, due: { 1: '30m' } });
    const r = await verb(planDiffCli, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`# ${p1} (reputation, from ${incident.key}, by Alice Placeholder): step legal-review owner → comms — legal was on leave in the drill`);
    expect(r.stdout).toContain('--- a/plans/reputation.yml\n+++ b/plans/reputation.yml\n@@ -38,7 +38,7 @@');
    expect(r.stdout).toContain('-    owner: legal_counsel\n+    owner: comms');
    expect(r.stdout).toContain(`# ${p2} (reputation`);
    expect(r.stdout).toContain('-    due: { 1: 1h, 2: 2h, 3: 4h, 4: 1d }\n+    due: { 1: 30m, 2: 2h, 3: 4h, 4: 1d }');
    expect(await readFile(file(), 'utf8')).toBe(before);
    const one = await verb(planDiffCli, [p2.toLowerCase()]);
    expect(one.stdout).not.toContain(`# ${p1} `);
    expect(await verb(planDiffCli, ['P99'])).toMatchObject({ code: 1, stderr: `no proposal P99; the proposals: ${p1}, ${p2}` });
  });

  it('applies a proposal: the file written with its comments, the playbook passing check, the proposal applied with a timeline event; twice changes nothing', async () => {
    const before = await readFile(file(), 'utf8');
    const r = await verb(planApplyCli, ['P1', '--by', 'ops-oliver']);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('P1 applied to') });
    const after = await readFile(file(), 'utf8');
    expect(after).toBe(before.replace('    owner: legal_counsel\n    due: { 1: 1h, 2: 2h, 3: 4h, 4: 1d }\n    title:\n      en: Check disclosure', '    owner: comms\n    due: { 1: 1h, 2: 2h, 3: 4h, 4: 1d }\n    title:\n      en: Check disclosure'));
    expect(after).toContain('# Emergency plan (应急预案): reputation crisis.');
    expect((await checkPlaybook(pb)).ok).toBe(true);
    expect(await findProposal(core.db, 'P1')).toMatchObject({ status: 'applied', appliedBy: 'ops-oliver' });
    const events = (await readTimeline(core.db, incident.key)).filter((e) => e.type.startsWith('plan.'));
    expect(events.map((e) => [e.type, e.data.id])).toEqual([['plan.proposed', 'P1'], ['plan.proposed', 'P2'], ['plan.applied', 'P1']]);
    expect(await verb(planApplyCli, ['P1'])).toMatchObject({ code: 0, stdout: 'P1 is applied already; nothing changed.\n' });
    expect(await readFile(file(), 'utf8')).toBe(after);
    expect((await verb(planDiffCli, [])).stdout).not.toContain('# P1 ');
  });

  it('rejects an open proposal with a reason, a timeline event, the list saying who and why; not an applied one', async () => {
    expect(await verb(planRejectCli, ['P2'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--reason is required: say why the proposal is rejected') });
    expect(await verb(planRejectCli, ['P2', '--reason', 'the 1h is a legal duty', '--by', 'ops-oliver'])).toMatchObject({ code: 0, stdout: `P2 rejected (step verify-claims due → 1: 30m); recorded in the timeline of ${incident.key}.\n` });
    expect(await verb(planRejectCli, ['P2', '--reason', 'again'])).toMatchObject({ code: 0, stdout: 'P2 is rejected already; nothing changed.\n' });
    expect(await verb(planRejectCli, ['P1', '--reason', 'x'])).toMatchObject({ code: 1, stderr: 'P1 is applied already; propose the reverse change instead of rejecting it' });
    expect(await verb(planRejectCli, ['P77', '--reason', 'x'])).toMatchObject({ code: 1, stderr: 'no proposal P77; the proposals: P1, P2' });
    expect(await findProposal(core.db, 'P2')).toMatchObject({ status: 'rejected', rejectedBy: 'ops-oliver', rejectReason: 'the 1h is a legal duty' });
    expect(await verb(planApplyCli, ['P2'])).toMatchObject({ code: 1, stderr: 'P2 is rejected; only an open proposal is applied' });
    const events = (await readTimeline(core.db, incident.key)).filter((e) => e.type === 'plan.rejected');
    expect(events.map((e) => [e.actor, e.data.id, e.data.why])).toEqual([['ops-oliver', 'P2', 'the 1h is a legal duty']]);
    const list = JSON.stringify(await proposalsOf(core, 'en', incident));
    expect(list).toContain('P1 [applied] step legal-review owner → comms — legal was on leave in the drill — Alice Placeholder, 2026-11-28 — applied by ops-oliver');
    expect(list).toContain('P2 [rejected] step verify-claims due → 1: 30m — lesson from the drill — Alice Placeholder, 2026-11-28 — rejected by ops-oliver: the 1h is a legal duty');
    expect(JSON.stringify(await proposalsOf(core, 'zh-CN', incident))).toContain('P2 [已驳回]');
  });

  it('refuses a stale proposal naming the step (gone or moved), and one whose result fails check; nothing written (exit 1)', async () => {
    const gone = await propose({ kind: 'remove-step', step: 'assess-exposure', at: 3 });
    const moved = await propose({ kind: 'change-owner', step: 'approve-messages', at: 5, owner: 'crisis_lead' });
    const badTemplate = await propose({ kind: 'statement-template', audience: 'holding', text: { en: 'We know about {headline}.' } });
    expect((await verb(planApplyCli, [gone])).code).toBe(0);
    const before = await readFile(file(), 'utf8');
    const again = await propose({ kind: 'change-due', step: 'assess-exposure', at: 3, due: { 2: '3h' } });
    expect(await verb(planApplyCli, [again])).toMatchObject({ code: 1, stderr: `${again} no longer applies: step assess-exposure is no longer in the plan; nothing written` });
    expect(await verb(planApplyCli, [moved])).toMatchObject({ code: 1, stderr: `${moved} no longer applies: step approve-messages has moved (position 5 when proposed, 4 now); nothing written` });
    expect((await verb(planDiffCli, [moved])).stdout).toContain(`# ${moved} no longer applies: step approve-messages has moved`);
    const failing = await verb(planApplyCli, [badTemplate]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain(`${pb}/plans/reputation.yml:`);
    expect(failing.stderr).toContain('unknown placeholder {headline}');
    expect(failing.stderr).not.toMatch(/crisis-plan-[A-Za-z0-9]{6}\/playbook/);
    expect(failing.stderr).toContain(`${badTemplate} would leave the playbook failing crisis-bot check; nothing written`);
    expect(await readFile(file(), 'utf8')).toBe(before);
    for (const id of [again, moved, badTemplate]) expect((await findProposal(core.db, id))!.status).toBe('open');
  });

  it('says so for an unknown id or a folder with no plan file (exit 1)', async () => {
    expect(await verb(planApplyCli, ['P404'])).toMatchObject({ code: 1, stderr: expect.stringContaining('no proposal P404; the proposals: P1, P2,') });
    const nowhere = path.join(dir, 'no-such-folder');
    expect(await verb(planApplyCli, ['P2', '--dir', nowhere])).toMatchObject({ code: 1, stderr: `no playbook folder ${nowhere}; give the folder that holds plans/ with --dir` });
    expect(await verb(planDiffCli, ['P2', '--dir', nowhere])).toMatchObject({ code: 1, stderr: `no playbook folder ${nowhere}; give the folder that holds plans/ with --dir` });
  });
});
