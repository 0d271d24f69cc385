import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { changePhase } from '../../src/incidents/phase.ts';
import { readBoard } from '../../src/store/board.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { crashResumeCompare } from '../support/crash-compare.ts';
import { useCrashHarness } from '../support/faults.ts';

// The crash-point test for reopening a closed incident (closed → review, src/incidents/phase.ts with
// the reopen guard of src/incidents/closing-guards.ts): the move dies at its Nth write, before or
// after it; the bot's recovery pass runs and the same command is delivered again. Afterwards the
// incident was reopened once: one closed → review change, back on the open-incidents board once,
// and still changeable.

const harness = useCrashHarness('fault injection (reopen)');
const alice = { id: 'alice', name: 'Alice Placeholder' };

async function close(core: Core, raised: Incident): Promise<void> {
  let i = raised;
  for (const to of ['respond', 'resolve', 'review', 'closed'] as const) i = (await changePhase(core, i, to, alice, `${i.key}-${to}`, 'drill ended early; the open steps are in the debrief')).incident;
  expect(i.status).toBe('closed');
}

const look = async (core: Core, key: string) => ({
  events: (await readTimeline(core.db, key)).filter((e) => e.type === 'status.changed' && e.data.from === 'closed' && e.data.to === 'review').length,
  outbox: await core.db.m.Outbox.countDocuments({ incidentKey: key }),
  status: (await findIncident(core.db, key))!.status,
  onBoard: (await readBoard(core.db)).filter((b) => b.key === key).length,
});

describe('a crash at any write of reopening a closed incident', () => {
  it('reopens it once, puts it back on the board once, and leaves it changeable', { timeout: 600_000 }, async () => {
    const ref = await crashResumeCompare(harness, 'reopen', {
      setup: close,
      act: (core, i, ev) => changePhase(core, i, 'review', alice, ev, 'the regulator asked for the report'),
      look,
    });
    expect(ref.before).toMatchObject({ events: 0, status: 'closed', onBoard: 0 });
    expect(ref.after).toMatchObject({ events: 1, status: 'review', onBoard: 1 });
  });
});
