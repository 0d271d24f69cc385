import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { resumeStale } from '../../src/recovery.ts';
import { recordRumour } from '../../src/statements/rumours.ts';
import { approveStatement, draftStatement, publishStatement, requestStatementChanges, type DraftInput } from '../../src/statements/service.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { startTestDb } from '../support/core.ts';
import { assertChangeable, assertConsistent, count, crashHarness, dying, INPUT, origin, untilCrash } from '../support/faults.ts';

// The crash-point test for statements (issue 14): a process dies at its Nth write of a draft, an
// approval, a publication or a rumour, before or after it; the recovery pass runs and the platform delivers
// the same request again. Afterwards the change happened once — one timeline event, one set of
// outbox effects (the publication lanes included), the statement changed once — and the incident
// can still be changed.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (statements)')));

// Roster people by their terminal handles: erin writes, heidi (legal) and carol (comms) approve, carol publishes.
const erin = { id: 'erin', name: 'Erin' };
const heidi = { id: 'heidi', name: 'Heidi' };
const carol = { id: 'carol', name: 'Carol' };
const DRAFT: DraftInput = { kind: 'holding', audience: 'public', channels: ['announcements'], text: { en: 'We are aware of a fire.', 'zh-CN': '我们已获悉火情。' } };

type Ctx = { id?: string };
type Action = {
  event: string;
  setup?: (core: Core, incident: Incident) => Promise<Ctx>;
  act: (core: Core, incident: Incident, eventKey: string, ctx: Ctx) => Promise<unknown>;
  state: (incident: Incident, ctx: Ctx) => unknown;
  again: (core: Core, incident: Incident, ctx: Ctx) => Promise<boolean>;
};

const drafted = async (core: Core, i: Incident) => ({ id: (await draftStatement(core, i, DRAFT, erin)).id });
const approved = async (core: Core, i: Incident) => {
  const { id } = await drafted(core, i);
  await approveStatement(core, i, id, heidi);
  await approveStatement(core, i, id, carol);
  return { id };
};
const of = (i: Incident, id?: string) => i.statements?.find((s) => s.id === id);

const ACTIONS: Record<string, Action> = {
  draft: {
    event: 'statement.drafted',
    act: (core, i, ev) => draftStatement(core, i, DRAFT, erin, ev),
    state: (i) => i.statements?.length,
    again: async (core, i) => (await draftStatement(core, i, DRAFT, erin)).ok,
  },
  approve: {
    event: 'statement.approved',
    setup: drafted,
    act: (core, i, ev, { id }) => approveStatement(core, i, id!, heidi, ev),
    state: (i, { id }) => of(i, id)?.approvals.map((a) => a.by.id),
    again: async (core, i, { id }) => (await approveStatement(core, i, id!, carol)).ok,
  },
  rumour: {
    event: 'rumour.recorded',
    act: (core, i, ev) => recordRumour(core, i, { what: 'Plant 2 is closing', where: 'Weibo', reach: 12000 }, heidi, ev),
    state: (i) => i.rumours?.length,
    again: async (core, i) => Boolean(await recordRumour(core, i, { what: 'Layoffs', reach: 10 }, heidi)),
  },
  publish: {
    event: 'statement.published',
    setup: approved,
    act: (core, i, ev, { id }) => publishStatement(core, i, id!, carol, ev),
    state: (i, { id }) => [of(i, id)?.status, of(i, id)?.publications.map((p) => `${p.channel}:${p.state}`)],
    again: async (core, i) => (await requestStatementChanges(core, i, (await drafted(core, i)).id, 'shorter', heidi)).ok,
  },
};

/** The incident's outbox entries, in its own queue and in its statements' lanes (`KEY#S1:channel`). */
const outboxOf = (core: Core, key: string) => core.db.m.Outbox.countDocuments({ incidentKey: { $regex: `^${key}(#|$)` } });

async function look(core: Core, action: Action, key: string, ctx: Ctx) {
  const incident = (await findIncident(core.db, key))!;
  return { events: count(await readTimeline(core.db, key), action.event), outbox: await outboxOf(core, key), state: action.state(incident, ctx) };
}

describe('a crash at any write of a statement change', () => {
  for (const [path, action] of Object.entries(ACTIONS)) {
    it(`of ${/^[aeiu]/.test(path) ? "an" : "a"} ${path}: finished once, and the incident can still be changed`, { timeout: 600_000 }, async () => {
      const { clock, core } = await world(`fault-statement-${path}`, { small: true });
      const shared = (await raise(core, INPUT, origin(`${path}-shared`))).incident;
      const ref = shared;
      const refCtx = (await action.setup?.(core, ref)) ?? {};
      const refBefore = await look(core, action, ref.key, refCtx);
      await action.act(core, ref, 'reference', refCtx);
      const refAfter = await look(core, action, ref.key, refCtx);
      expect(refAfter.events).toBe(refBefore.events + 1);

      await everyCrashPoint(path, async (n, mode) => {
        const ev = `${path}-${mode}-${n}`;
        clock.advance(1000);
        const incident = (await findIncident(core.db, shared.key))!;
        const ctx = (await action.setup?.(core, incident)) ?? {};
        const before = await look(core, action, incident.key, ctx);
        const dead = dying(core, n, mode);
        await untilCrash(async () => action.act(dead.core, (await findIncident(core.db, shared.key))!, ev, ctx));
        if (!dead.crashed()) return false;
        clock.advance(31_000);
        await resumeStale(core);
        await action.act(core, (await findIncident(core.db, incident.key))!, ev, ctx);
        const after = await look(core, action, incident.key, ctx);
        expect(after.events - before.events).toBe(1);
        expect(after.outbox - before.outbox).toBe(refAfter.outbox - refBefore.outbox);
        if (path === 'draft' || path === 'rumour') expect(after.state).toBe(((before.state as number | undefined) ?? 0) + 1);
        else expect(after.state).toEqual(refAfter.state);
        const { incident: now } = await assertConsistent(core, incident.key);
        expect(await action.again(core, now, ctx)).toBe(true);
        await assertChangeable(core, (await findIncident(core.db, incident.key))!);
        return true;
      });
    });
  }
});
