import { describe, expect, it } from 'vitest';
import { addActions, completeAction, hasRootCause, recordRca, type NewAction } from '../../src/actions/service.ts';
import { raise } from '../../src/incidents/service.ts';
import { buildReport } from '../../src/report/model.ts';
import { renderReport } from '../../src/report/render.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { INPUT, origin } from '../support/faults.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };
const erin = { id: 'erin', name: 'Erin Placeholder' };
const DAY = 86_400_000;
const action = (title: string, days: number): NewAction => ({ title, owner: { person: erin }, due: clock.now().getTime() + days * DAY, source: 'lesson' });

describe('improvement actions and the root-cause analysis, as records', () => {
  it('gives concurrent adds distinct ids, each once, and records every one in the timeline', async () => {
    const { incident } = await raise(t.core, INPUT, origin('concurrent-adds'));
    const results = await Promise.all(Array.from({ length: 8 }, (_, k) => addActions(t.core, incident, [action(`Action ${k}`, k + 1)], alice, `add-${k}`)));
    const ids = results.flatMap((r) => (r.ok ? r.ids : []));
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    const stored = (await findIncident(t.core.db, incident.key))!.actions!;
    expect(stored.map((a) => a.id).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8']);
    // Each title under exactly the id its add was answered with.
    results.forEach((r, k) => expect(stored.find((a) => a.id === (r.ok ? r.ids[0] : ''))?.title).toBe(`Action ${k}`));
    expect((await readTimeline(t.core.db, incident.key)).filter((e) => e.type === 'action.added')).toHaveLength(8);
    // The same delivery again (a retried request) adds nothing.
    const again = await addActions(t.core, incident, [action('Action 0', 1)], alice, 'add-0');
    expect(again.duplicate).toBe(true);
    expect((await findIncident(t.core.db, incident.key))!.actions).toHaveLength(8);
  });

  it('answers hasRootCause, and the report shows the latest RCA and every action instead of "not recorded"', async () => {
    const { incident } = await raise(t.core, INPUT, origin('report-feed'));
    expect(await hasRootCause(t.core, incident.key)).toBe(false);
    expect(await hasRootCause(t.core, 'INC-20261128-999')).toBe(false);
    const before = String(await renderReport(await buildReport(t.core, incident.key), { core: t.core, locale: 'en', zone: 'UTC' }, 'md'));
    expect(before).toContain('No root-cause analysis recorded.');
    expect(before).toContain('No improvement actions recorded.');

    const rca = { problem: 'Trucks could not reach the warehouse', whys: [{ text: 'The only road flooded', category: 'environment' as const }, { text: 'No second supplier route was planned' }], evidence: [], corrective: [action('Plan a second route', 10)] };
    await recordRca(t.core, incident, rca, alice, 'rca-1');
    await recordRca(t.core, (await findIncident(t.core.db, incident.key))!, { ...rca, problem: 'Deliveries stopped for two days', corrective: [] }, erin, 'rca-2');
    await addActions(t.core, (await findIncident(t.core.db, incident.key))!, [{ ...action('Train the drivers', 3), source: 'shortfall' }], alice, 'add-train');
    await completeAction(t.core, (await findIncident(t.core.db, incident.key))!, 'A2', 'trained', erin, 'done-train');
    expect(await hasRootCause(t.core, incident.key)).toBe(true);

    const model = await buildReport(t.core, incident.key);
    expect(model.rca?.v).toBe(2);
    const md = String(await renderReport(model, { core: t.core, locale: 'en', zone: 'UTC' }, 'md'));
    expect(md).not.toContain('No root-cause analysis recorded.');
    expect(md).not.toContain('No improvement actions recorded.');
    expect(md).toContain('| Problem | Deliveries stopped for two days |');
    expect(md).toContain('| Why 1 | The only road flooded \\[environment\\] |');
    expect(md).toContain('| Why 2 | No second supplier route was planned |');
    expect(md).toContain('Version 2, recorded by Erin Placeholder at 2026-11-28 10:00');
    expect(md).toContain('- A1 Plan a second route — Erin Placeholder — due 2026-12-08 10:00 — open — from the root cause');
    expect(md).toContain('- A2 Train the drivers — Erin Placeholder — due 2026-12-01 10:00 — done by Erin Placeholder at 2026-11-28 10:00 — from a shortfall');
    const zh = String(await renderReport(model, { core: t.core, locale: 'zh-CN', zone: 'UTC' }, 'md'));
    expect(zh).toContain('| 为什么 1 | The only road flooded \\[环境\\] |');
    expect(zh).toContain('A1 Plan a second route — Erin Placeholder — 期限 2026-12-08 10:00 — 未完成 — 来自根本原因');
  });
});
