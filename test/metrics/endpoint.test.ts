import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { observe } from '../../src/metrics/observe.ts';
import type { Db } from '../../src/store/connect.ts';
import { makeCore } from '../support/core.ts';
import { ExpositionError, parseExposition, valueOf } from './exposition.ts';
import { scrape } from './scrape.ts';

const CRISIS_METRICS = {
  crisis_command_ack_seconds: 'histogram',
  crisis_alert_delay_seconds: 'histogram',
  crisis_sweep_duration_seconds: 'histogram',
  crisis_outbox_age_seconds: 'histogram',
  crisis_incidents_raised_total: 'counter',
  crisis_alerts_sent_total: 'counter',
  crisis_platform_refusals_total: 'counter',
  crisis_platform_errors_total: 'counter',
  crisis_signals_total: 'counter',
  crisis_incidents_open: 'gauge',
  crisis_outbox_pending: 'gauge',
  crisis_outbox_failed: 'gauge',
  crisis_outbox_oldest_pending_age_seconds: 'gauge',
  crisis_mtta_seconds: 'gauge',
  crisis_mttr_seconds: 'gauge',
  crisis_time_to_first_statement_seconds: 'gauge',
  crisis_steps_on_time_ratio: 'gauge',
};

// A store any read of which throws: a scrape that answers proves it read no database.
const NO_DATABASE = {} as Db;

describe('/metrics', () => {
  it("serves the core's registry in Prometheus' text format, with Node's process metrics, reading no database", async () => {
    const { status, contentType, families } = await scrape(await makeCore(NO_DATABASE));
    expect(status).toBe(200);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const types = Object.fromEntries([...families.values()].filter((f) => f.name.startsWith('crisis_')).map((f) => [f.name, f.type]));
    expect(types).toEqual(CRISIS_METRICS);
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    expect(valueOf(families, 'crisis_incidents_open')).toBe(0);
    expect(valueOf(families, 'crisis_outbox_pending')).toBe(0);
  });

  it('counts per core: what one core records is not on another core’s page', async () => {
    const one = await makeCore(NO_DATABASE);
    const other = await makeCore(NO_DATABASE);
    observe(one).incidentRaised({ level: 1, type: 'cyber-attack', drill: true });
    expect(valueOf((await scrape(one)).families, 'crisis_incidents_raised_total', { level: '1', type: 'cyber-attack', drill: 'true' })).toBe(1);
    expect(valueOf((await scrape(other)).families, 'crisis_incidents_raised_total', { level: '1', type: 'cyber-attack', drill: 'true' })).toBeUndefined();
    // Process metrics describe the process: both pages show them.
    expect((await scrape(other)).families.has('process_cpu_user_seconds_total')).toBe(true);
  });

  it('keeps error codes from becoming series of their own: a message is labelled unknown', async () => {
    const core = await makeCore(NO_DATABASE);
    observe(core).failed('slack', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    observe(core).failed('slack', { code: 'something went wrong with user U123 in #ops' });
    observe(core).refused('discord', '50007');
    const { families } = await scrape(core);
    expect(valueOf(families, 'crisis_platform_errors_total', { platform: 'slack', code: 'ECONNRESET' })).toBe(1);
    expect(valueOf(families, 'crisis_platform_errors_total', { platform: 'slack', code: 'unknown' })).toBe(1);
    expect(valueOf(families, 'crisis_platform_refusals_total', { platform: 'discord', code: '50007' })).toBe(1);
  });

  it('is documented: the README lists every crisis metric with its type, and only those', async () => {
    const readme = await readFile(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Metrics\n'), readme.indexOf('\n## ', readme.indexOf('\n## Metrics\n') + 1));
    const rows = [...section.matchAll(/^\| `(crisis_[a-z_]+)` \| (\w+) \|/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(rows)).toEqual(CRISIS_METRICS);
    expect(section).toContain('alert: CrisisOutboxStuck');
    expect(section).toContain('alert: CrisisSweepLate');
  });
});

describe('the strict exposition reader used by these tests', () => {
  it('refuses what Prometheus would not read', () => {
    expect(parseExposition('# TYPE a counter\na 1\n').get('a')?.samples).toEqual([{ name: 'a', labels: {}, value: 1 }]);
    expect(() => parseExposition('# TYPE a counter\na 1')).toThrow(ExpositionError);
    expect(() => parseExposition('# TYPE a counter\na one\n')).toThrow(/not a number/);
    expect(() => parseExposition('# TYPE a counter\nb 1\n')).toThrow(/outside its family/);
    expect(() => parseExposition('# TYPE a counter\na{x="1"} 1\na{x="1"} 2\n')).toThrow(/duplicate series/);
    expect(() => parseExposition('# TYPE a gauge\na{x="1} 1\n')).toThrow(ExpositionError);
    expect(() => parseExposition('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n')).toThrow(/cumulative/);
    expect(() => parseExposition('# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n')).toThrow(/differs from _count/);
  });
});
