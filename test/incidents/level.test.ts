import { describe, expect, it } from 'vitest';
import { assessImpact } from '../../src/assessment/service.ts';
import { changeLevel, keepLevel } from '../../src/incidents/level.ts';
import { raise } from '../../src/incidents/service.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';

const clock = testClock(new Date('2026-11-28T10:00:00Z'));
const t = useTestCore({ now: clock.now });
const rita = { id: 'rita', name: 'Rita' };
const origin = (eventKey: string) => ({ platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: rita, eventKey });
const INPUT = { title: 'Warehouse fire', type: 'supply-chain', criteria: {} };
const IMPACT = { scores: { operations: { score: 2 }, finance: { score: 1 }, reputation: { score: 1 }, personnel: { score: 1 } }, criteria: { people_affected: 150 } };

const events = async (key: string, type: string) => (await readTimeline(t.core.db, key)).filter((e) => e.type === type);

describe('level changes and keeps act once per delivery', () => {
  it('a level form delivered again after a later change changes nothing: it is known by its delivery, not by the level', async () => {
    const { incident } = await raise(t.core, INPUT, origin('level-raise'));
    const first = await changeLevel(t.core, incident, 3, 'spreading to a second site', rita, 'form-1');
    expect(first).toMatchObject({ changed: true, incident: { level: 3 } });
    clock.advance(60_000);
    await changeLevel(t.core, first.incident, 2, 'a third site', rita, 'form-2');
    clock.advance(60_000);

    // The platform delivers the first form again: the same answer, and the level stays at 2.
    const again = await changeLevel(t.core, incident, 3, 'spreading to a second site', rita, 'form-1');
    expect(again).toMatchObject({ changed: true, retimed: first.retimed });
    expect((await findIncident(t.core.db, incident.key))!.level).toBe(2);
    expect((await events(incident.key, 'level.changed')).map((e) => `${e.data.from}→${e.data.to}`)).toEqual(['4→3', '3→2']);
  });

  it('a keep delivered twice keeps once, and a later suggestion is not dismissed by the repeat', async () => {
    const { incident } = await raise(t.core, INPUT, origin('keep-raise'));
    await assessImpact(t.core, incident, IMPACT, rita);
    const suggested = (await findIncident(t.core.db, incident.key))!.regrade!.level;
    expect(await keepLevel(t.core, incident, suggested, rita, 'keep-1')).toBe(true);
    expect(await keepLevel(t.core, incident, suggested, rita, 'keep-1')).toBe(true);
    expect(await events(incident.key, 'level.kept')).toHaveLength(1);

    clock.advance(60_000);
    await assessImpact(t.core, incident, IMPACT, rita);
    await keepLevel(t.core, incident, suggested, rita, 'keep-1');
    expect((await findIncident(t.core.db, incident.key))!.regrade?.level).toBe(suggested);
    expect(await events(incident.key, 'level.kept')).toHaveLength(1);
  });
});
