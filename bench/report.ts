import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Core } from '../src/core.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { buildReport } from '../src/report/model.ts';
import { renderReport, type Format } from '../src/report/render.ts';
import { connectDb } from '../src/store/connect.ts';
import { startLocalDb } from '../src/store/ferretdb.ts';
import { appendEvent } from '../src/store/timeline.ts';
import { report, timeIt } from './stats.ts';

const EVENTS = 200;
const STEPS = 40;
const MIN = 60_000;

/** One incident's records written straight to the store: `steps` steps and `events` timeline events. */
async function seed(core: Core, key: string, steps: number, events: number): Promise<void> {
  const raisedAt = new Date('2026-11-28T10:00:00Z');
  const at = (m: number) => new Date(raisedAt.getTime() + m * MIN);
  await core.db.m.Incident.create({
    _id: key, key, title: `Bench incident ${key}`, type: 'safety-accident', level: 2, suggestedLevel: 2, gradeReasons: [], criteria: {}, status: 'review',
    platform: 'shell', workspace: 'local', locale: 'en', reporter: { id: 'b', name: 'Bench' }, lead: { id: 'l', name: 'Lead' }, raisedAt, startedAt: raisedAt, ackedAt: at(12),
    setupDone: true, stepCount: steps, openDue: [],
  });
  if (steps) {
    await core.db.m.Step.insertMany(
      Array.from({ length: steps }, (_, s) => ({
        _id: `${key}:${s + 1}`, incidentKey: key, n: s + 1, planStepId: `s${s}`, phase: ['identify', 'assess', 'respond', 'control', 'resolve', 'review'][Math.floor((s * 6) / steps)], title: { en: `Step ${s + 1} of the bench plan`, 'zh-CN': `第 ${s + 1} 步` },
        ownerRole: 'operations', owners: [{ id: 'o', name: 'Owner' }], dueAt: at(15 * (s + 1)), version: 0, page: Math.floor(s / 10),
        ...(s % 4 === 3 ? { status: 'open' } : { status: 'done', doneBy: { id: 'o', name: 'Owner' }, doneAt: at(15 * (s + 1) + (s % 3 === 0 ? 10 : -5)) }),
      })),
    );
  }
  const phases = ['assess', 'respond', 'control', 'resolve', 'review'];
  for (let e = 0; e < events; e++) {
    const when = at(e * 3);
    const kind = e % 5;
    if (e === 0) await appendEvent(core.db, key, { at: when, type: 'incident.raised', actor: 'Bench', data: { title: 'Bench', type: 'safety-accident', level: 2, suggested: 2, reasons: [], drill: false } });
    else if (e % 40 === 0) await appendEvent(core.db, key, { at: when, type: 'status.changed', actor: 'Lead', data: { from: 'identify', to: phases[e / 40 - 1] } });
    else if (kind === 1) await appendEvent(core.db, key, { at: when, type: 'step.done', actor: 'Owner', data: { n: (e % steps || 1), title: { en: 'Step', 'zh-CN': '步骤' } } });
    else if (kind === 2) await appendEvent(core.db, key, { at: when, type: 'deadline.alert', actor: 'crisis-bot', data: { alert: `a${e}`, kind: 'step', n: (e % steps || 1), rung: e % 3, notify: 'owners', notified: ['Owner'], skipped: [], dueAt: when.toISOString(), lateMs: 0, late: false } });
    else await appendEvent(core.db, key, { at: when, type: 'status.update', actor: 'Lead', data: { n: e, text: `Update ${e}: still working on it`, by: { id: 'l', name: 'Lead' } } });
  }
}

/**
 * Report generation (store reads, model, and each format rendered) for an incident of 200
 * timeline events and 40 steps, against the same for an incident with no steps and one event.
 * Aim: under 2 s and 150 MB.
 */
export async function benchReport(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-bench-'));
  const local = await startLocalDb(dir);
  const db = await connectDb(local.uri);
  try {
    const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../playbooks'));
    if (!loaded.ok) throw new Error('default playbook invalid');
    const core: Core = { db, playbook: loaded.playbook, now: () => new Date('2026-11-29T10:00:00Z'), locale: 'en', log: pino({ level: 'silent' }) };
    await seed(core, 'INC-20261128-001', 0, 1);
    await seed(core, 'INC-20261128-002', STEPS, EVENTS);
    const generate = async (key: string, format: Format, locale: 'en' | 'zh-CN') => renderReport(await buildReport(core, key), { core, locale, zone: 'Asia/Shanghai' }, format);
    const rssBefore = process.memoryUsage().rss;
    // The zh-CN PDF is set in the shipped Chinese font (src/report/pdf.ts); its first use reads it.
    for (const [format, locale] of [['md', 'en'], ['html', 'en'], ['pdf', 'en'], ['pdf', 'zh-CN']] as const) {
      const name = `${format}${locale === 'en' ? '' : ` ${locale}`}`;
      const first = performance.now();
      await generate('INC-20261128-002', format, locale);
      if (locale !== 'en') console.log(`${name}: the first, font read included: ${(performance.now() - first).toFixed(0)} ms`);
      await timeIt(2, () => generate('INC-20261128-002', format, locale)); // warm-up
      const baseline = await timeIt(10, () => generate('INC-20261128-001', format, locale));
      const full = await timeIt(10, () => generate('INC-20261128-002', format, locale));
      report(`baseline: ${name}, empty incident`, baseline);
      report(`${name}: ${EVENTS} events, ${STEPS} steps (aim < 2 s)`, full, baseline);
    }
    const peak = process.resourceUsage().maxRSS / 1024;
    // The process is already large before any report (tsx, mongoose, the drivers): the growth is the report's part.
    console.log(`peak resident memory: ${peak.toFixed(0)} MB, ${(peak - rssBefore / 2 ** 20).toFixed(0)} MB over the ${(rssBefore / 2 ** 20).toFixed(0)} MB before the reports (aim < 150 MB)`);
  } finally {
    await db.close();
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
