import { describe, expect, it } from 'vitest';
import { markFunction } from '../../src/continuity/service.ts';
import { mark, restoreOrder, rtoLadder } from '../../src/domain/continuity.ts';
import { raise } from '../../src/incidents/service.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { useTestCore } from '../support/core.ts';
import { INPUT, origin } from '../support/faults.ts';

const t = useTestCore();
const dave = { id: 'dave', name: 'Dave Placeholder' };
const frank = { id: 'frank', name: 'Frank Placeholder' };

describe('marking business functions', () => {
  it('two people marking different functions at once both land; neither change is lost', async () => {
    for (let round = 0; round < 3; round++) {
      const { incident } = await raise(t.core, INPUT, origin(`race-${round}`));
      const fns = ['it-core', 'payments', 'logistics', 'production'];
      const results = await Promise.all(fns.map((fn, k) => markFunction(t.core, incident, { fn, state: 'down' }, k % 2 ? dave : frank, `race-${round}-${fn}`)));
      expect(results.every((r) => !r.refused)).toBe(true);
      const now = (await findIncident(t.core.db, incident.key))!;
      expect(now.continuity!.map((s) => s.id).sort()).toEqual([...fns].sort());
      const events = (await readTimeline(t.core.db, incident.key)).filter((e) => e.type === 'continuity.down');
      expect(events.map((e) => e.data.fn).sort()).toEqual([...fns].sort());
    }
  });

  it('the same delivery twice marks once', async () => {
    const { incident } = await raise(t.core, INPUT, origin('twice'));
    await Promise.all([1, 2, 3].map(() => markFunction(t.core, incident, { fn: 'it-core', state: 'down' }, dave, 'same-click')));
    expect((await readTimeline(t.core.db, incident.key)).filter((e) => e.type === 'continuity.down')).toHaveLength(1);
  });
});

describe('the rules (src/domain/continuity.ts)', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 11, 1, 9, m));
  const by = dave;

  it('keeps when the outage began through down → degraded, and counts a new outage after a restore', () => {
    const a = mark([], { id: 'x', state: 'down', by, at: at(0) });
    if ('refused' in a) throw new Error('refused');
    expect(a).toMatchObject({ started: true, outage: 1 });
    const b = mark(a.list, { id: 'x', state: 'degraded', by, at: at(10) });
    if ('refused' in b) throw new Error('refused');
    expect(b.list[0]).toMatchObject({ state: 'degraded', since: at(0), outage: 1 });
    expect(b.started).toBe(false);
    const c = mark(b.list, { id: 'x', state: 'restored', by, at: at(20) });
    if ('refused' in c) throw new Error('refused');
    expect(c.list[0]).toMatchObject({ state: 'restored', restoredAt: at(20) });
    expect(c.started).toBe(false);
    const d = mark(c.list, { id: 'x', state: 'down', by, at: at(30) });
    if ('refused' in d) throw new Error('refused');
    expect(d.list[0]).toMatchObject({ since: at(30), outage: 2 });
    expect(mark(d.list, { id: 'x', state: 'down', by, at: at(31) })).toEqual({ refused: 'same', state: 'down' });
    expect(mark([], { id: 'y', state: 'restored', by, at: at(0) })).toEqual({ refused: 'notAffected' });
  });

  it('orders by priority, but a function always after what it depends on, through functions that are running', () => {
    const specs = [
      { id: 'site', priority: 2 },
      { id: 'it', priority: 3 },
      { id: 'pay', priority: 2, depends_on: ['it'] },
      { id: 'orders', priority: 2, depends_on: ['pay'] },
      { id: 'ship', priority: 1, depends_on: ['orders', 'site'] },
    ];
    // ship is priority 1 but needs orders (running) → pay → it, and site.
    expect(restoreOrder(specs, ['ship', 'it', 'site'])).toEqual(['site', 'it', 'ship']);
    expect(restoreOrder(specs, ['ship', 'pay', 'it', 'site'])).toEqual(['site', 'it', 'pay', 'ship']);
    expect(restoreOrder(specs, ['site', 'ship'])).toEqual(['site', 'ship']);
    // Without dependencies between them: priority, then the playbook's order.
    expect(restoreOrder(specs, ['it', 'site'])).toEqual(['site', 'it']);
  });

  it('warns at 75 % of the RTO and escalates at the RTO', () => {
    expect(rtoLadder(4 * 3600_000)).toEqual([{ after: 3 * 3600_000, notify: 'owners' }, { after: 4 * 3600_000, notify: 'lead' }]);
  });
});
