import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raise } from '../../src/incidents/service.ts';
import { applyChange } from '../../src/plans/edit.ts';
import type { PlanChange } from '../../src/plans/model.ts';
import { APPLY_OP, finishApply, proposePlanChange, resumeStaleApplies } from '../../src/plans/service.ts';
import { findProposal, listProposals } from '../../src/plans/store.ts';
import { resumeStale } from '../../src/recovery.ts';
import { staleOps } from '../../src/store/ops.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { DEFAULT_PLAYBOOK, startTestDb } from '../support/core.ts';
import { assertChangeable, assertConsistent, count, crashHarness, dying, INPUT, origin, untilCrash } from '../support/faults.ts';

// The crash-point test for plan revision (src/plans/service.ts): a process dies at its Nth write,
// before or after it; the recovery pass runs and the same request comes again. Afterwards the
// proposal exists once with one timeline event, and an apply has written the file, marked the
// proposal applied and recorded one event — never two, never none.

let server: Awaited<ReturnType<typeof startTestDb>>;
let tmp = '';
beforeAll(async () => {
  server = await startTestDb();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-plan-faults-'));
});
afterAll(async () => {
  await server?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (plan revision)')));

const alice = { id: 'alice', name: 'Alice Placeholder' };
const CHANGE: PlanChange = { kind: 'change-owner', step: 'legal-review', at: 4, owner: 'comms' };

describe('a crash at any write of plan revision', () => {
  it('of a proposal: recorded once with one timeline event, under one id', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-plan-propose', { small: true });
    await everyCrashPoint('proposal', async (n, mode) => {
      const ev = `propose-${mode}-${n}`;
      clock.advance(1000);
      const { incident } = await raise(core, { ...INPUT, type: 'reputation' }, origin(ev));
      const dead = dying(core, n, mode);
      await untilCrash(() => proposePlanChange(dead.core, incident, 'reputation', CHANGE, 'legal was away', alice, ev));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      const again = await proposePlanChange(core, (await findIncident(core.db, incident.key))!, 'reputation', CHANGE, 'legal was away', alice, ev);
      const mine = (await listProposals(core.db)).filter((p) => p.incidentKey === incident.key);
      expect(mine.map((p) => p.id)).toEqual([again.id]);
      const events = (await readTimeline(core.db, incident.key)).filter((e) => e.type === 'plan.proposed');
      expect(events.map((e) => e.data.id)).toEqual([again.id]);
      const { incident: now } = await assertConsistent(core, incident.key);
      await assertChangeable(core, now);
      return true;
    });
    // Ids stay distinct and dense enough: every proposal its own.
    const all = await listProposals(core.db);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
  });

  it("of an apply's mark: the file written, the proposal applied and one event, whether the recovery pass or the repeat finishes it", { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-plan-apply');
    const original = await readFile(path.join(DEFAULT_PLAYBOOK, 'plans/reputation.yml'), 'utf8');
    const changed = applyChange(original, CHANGE);
    if (!changed.ok) throw new Error(changed.stale);
    await everyCrashPoint('apply', async (n, mode) => {
      clock.advance(1000);
      const dir = path.join(tmp, `apply-${mode}-${n}`);
      await cp(DEFAULT_PLAYBOOK, dir, { recursive: true });
      const file = path.join(dir, 'plans/reputation.yml');
      const { incident } = await raise(core, { ...INPUT, type: 'reputation' }, origin(`apply-${mode}-${n}`));
      const { id } = await proposePlanChange(core, incident, 'reputation', CHANGE, 'legal was away', alice, `apply-${mode}-${n}`);
      const p = (await findProposal(core.db, id))!;
      const dead = dying(core, n, mode);
      await untilCrash(() => finishApply(dead.core, p, file, changed.text, 'ops-oliver'));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      // The bot's recovery pass leaves an apply alone (its files are the command line's); the next plan-apply finishes it.
      const leftBefore = (await staleOps(core.db)).filter((op) => op.kind === APPLY_OP).length;
      await resumeStale(core);
      expect((await staleOps(core.db)).filter((op) => op.kind === APPLY_OP)).toHaveLength(leftBefore);
      await resumeStaleApplies(core);
      await finishApply(core, p, file, changed.text, 'ops-oliver');
      expect(await readFile(file, 'utf8')).toBe(changed.text);
      expect(await findProposal(core.db, id)).toMatchObject({ status: 'applied', appliedBy: 'ops-oliver' });
      expect(count(await readTimeline(core.db, incident.key), 'plan.applied')).toBe(1);
      const { incident: now } = await assertConsistent(core, incident.key);
      await assertChangeable(core, now);
      return true;
    });
  });
});
