import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { raise } from '../../src/incidents/service.ts';
import { resumeStale } from '../../src/recovery.ts';
import { readBoard } from '../../src/store/board.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { startTestDb } from '../support/core.ts';
import { assertChangeable, assertConsistent, crashHarness, dying, INPUT, origin, untilCrash } from '../support/faults.ts';

// The crash-point test for reopening a closed incident (closed → review, src/incidents/phase.ts with
// the reopen guard of src/incidents/closing-guards.ts): the move dies at its Nth write, before or
// after it; the bot's recovery pass runs and the same command is delivered again. Afterwards the
// incident was reopened once: one closed → review change, back on the open-incidents board once,
// and still changeable.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (reopen)')));

const alice = { id: 'alice', name: 'Alice Placeholder' };
const REASON = 'the regulator asked for the report';

async function closed(core: Core, ev: string): Promise<Incident> {
  let i = (await raise(core, INPUT, origin(ev))).incident;
  for (const to of ['respond', 'resolve', 'review', 'closed'] as const) i = (await changePhase(core, i, to, alice, `${ev}-${to}`, 'drill ended early; the open steps are in the debrief')).incident;
  expect(i.status).toBe('closed');
  return i;
}

const reopened = async (core: Core, key: string) => ({
  changes: (await readTimeline(core.db, key)).filter((e) => e.type === 'status.changed' && e.data.from === 'closed' && e.data.to === 'review').length,
  status: (await findIncident(core.db, key))!.status,
  onBoard: (await readBoard(core.db)).filter((b) => b.key === key).length,
});

describe('a crash at any write of reopening a closed incident', () => {
  it('reopens it once, puts it back on the board once, and leaves it changeable', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-reopen', { small: true });
    const ref = await closed(core, 'reopen-reference');
    expect((await reopened(core, ref.key)).onBoard).toBe(0);
    await changePhase(core, ref, 'review', alice, 'reference', REASON);
    expect(await reopened(core, ref.key)).toEqual({ changes: 1, status: 'review', onBoard: 1 });

    await everyCrashPoint('reopen', async (n, mode) => {
      const ev = `reopen-${mode}-${n}`;
      clock.advance(1000);
      const incident = await closed(core, ev);
      const dead = dying(core, n, mode);
      await untilCrash(async () => changePhase(dead.core, incident, 'review', alice, ev, REASON));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      await changePhase(core, (await findIncident(core.db, incident.key))!, 'review', alice, ev, REASON);
      expect(await reopened(core, incident.key)).toEqual({ changes: 1, status: 'review', onBoard: 1 });
      const { incident: now } = await assertConsistent(core, incident.key);
      await assertChangeable(core, now);
      return true;
    });
  });
});
