import { describe, expect, it } from 'vitest';
import { markFunction } from '../../src/continuity/service.ts';
import { raise } from '../../src/incidents/service.ts';
import { buildReport } from '../../src/report/model.ts';
import { renderReport } from '../../src/report/render.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { INPUT, origin } from '../support/faults.ts';

const clock = testClock(new Date('2026-12-01T09:00:00Z'));
const t = useTestCore({ now: clock.now });
const dave = { id: 'dave', name: 'Dave Placeholder' };

async function scripted() {
  const { incident } = await raise(t.core, INPUT, origin('report-continuity'));
  const mark = async (fn: string, state: 'down' | 'degraded' | 'restored', key: string) => markFunction(t.core, (await findIncident(t.core.db, incident.key))!, { fn, state }, dave, key);
  await mark('it-core', 'down', 'k1');
  await mark('payments', 'down', 'k2');
  clock.advance(90 * 60_000); // 10:30: it-core back within its 2 h RTO
  await mark('it-core', 'restored', 'k3');
  clock.advance(4 * 3600_000); // 14:30: payments still down, out 5 h 30 min: 1 h 30 min past its 4 h RTO
  return incident.key;
}

describe('the report lists business continuity under control and recovery (issue 16)', () => {
  it('shows each marked function with its outage, its RTO and whether it was met, still-out ones first', async () => {
    const key = await scripted();
    const md = String(await renderReport(await buildReport(t.core, key), { core: t.core, locale: 'en', zone: 'UTC' }, 'md'));
    const control = md.slice(md.indexOf('## Control and recovery'), md.indexOf('\n## ', md.indexOf('## Control and recovery') + 3));
    expect(control).toContain('Business continuity');
    expect(control).not.toContain('No control or recovery recorded');
    const rows = control.split('\n').filter((l) => l.startsWith('|') && !l.startsWith('| Function') && !l.startsWith('| -') && !l.startsWith('|-'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe('| Payments and treasury | down | 2026-12-01 09:00 | — | 5 h 30 min | 4h | still out, 1 h 30 min past its RTO |');
    expect(rows[1]).toBe('| Core IT, network and identity | restored | 2026-12-01 09:00 | 2026-12-01 10:30 | 1 h 30 min | 2h | within its RTO (2h) |');
  });

  it('says it in Chinese for a zh-CN reader', async () => {
    const key = await scripted();
    const md = String(await renderReport(await buildReport(t.core, key), { core: t.core, locale: 'zh-CN', zone: 'UTC' }, 'md'));
    expect(md).toContain('业务连续性');
    expect(md).toContain('仍未恢复，已超出恢复时间目标');
    expect(md).toContain('在恢复时间目标（2h）之内');
  });
});
