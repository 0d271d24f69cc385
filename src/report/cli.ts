import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import type { Config } from '../config.ts';
import type { Core } from '../core.ts';
import { CannotWrite, writeBundle } from '../evidence/bundle.ts';
import { formatAge, t } from '../i18n/index.ts';
import { levelName, planTitle } from '../incidents/messaging.ts';
import { formatProblem } from '../playbook/check.ts';
import { loadPlaybook } from '../playbook/load.ts';
import type { Locale } from '../playbook/text.ts';
import { incidentsRaisedSince } from '../store/incident-list.ts';
import { openStore } from '../store/open.ts';
import { findFinalReport } from '../store/reports.ts';
import { stepsOf } from '../store/steps.ts';
import { readTimeline } from '../store/timeline.ts';
import { serverZone } from '../ui/times.ts';
import { EXPORT_USAGE, METRICS_USAGE, parseExportArgs, parseMetricsArgs, parseReportArgs, REPORT_USAGE } from './cli-args.ts';
import { groupMetrics, incidentMetrics, type GroupMetrics } from './metrics.ts';
import { buildReport, UnknownIncident } from './model.ts';
import { renderReport } from './render.ts';
import { publishedStatements } from './statements.ts';

/** Where a verb's output goes: `out` gets the result (text or bytes), `err` one line of trouble. */
export type CliIo = { out(chunk: string | Buffer): void; err(line: string): void };
export const processIo: CliIo = { out: (c) => void process.stdout.write(c), err: (l) => console.error(l) };

/** `now`: the clock "overdue" is judged by (tests pass theirs; the command line runs on the real one). */
export type CliOptions = { now?: () => Date };

export class CliFailure extends Error {}

/** A read-only core on the configured store (never writes: no audit key is made or needed to read). */
export async function withCore<T>(config: Config, opts: CliOptions, work: (core: Core) => Promise<T>): Promise<T> {
  const loaded = await loadPlaybook(config.playbookDir);
  if (!loaded.ok) throw new CliFailure(`The playbook is invalid:\n${loaded.problems.map((p) => formatProblem(config.playbookDir, p)).join('\n')}`);
  const store = await openStore(config.mongodbUri, config.dataDir);
  try {
    return await work({ db: store.db, playbook: loaded.playbook, now: opts.now ?? (() => new Date()), locale: config.locale, log: pino({ level: 'silent' }) });
  } finally {
    await store.close();
  }
}

/** The zone a command-line reader gets: the playbook's, else the server's (one rule with readerZone's tail). */
export const cliZone = (core: Core) => core.playbook.timezone ?? serverZone();

async function writeOut(file: string, body: string | Buffer): Promise<void> {
  try {
    await writeFile(file, body);
  } catch (err) {
    throw new CliFailure(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Runs one verb: usage errors exit 2, an unknown incident or a failed write 1, else what `run` returns (0 by default). */
export async function verb<A extends { help: boolean }>(parsed: A | { error: string }, usage: string, io: CliIo, run: (a: A) => Promise<void | number>): Promise<number> {
  if ('error' in parsed) {
    io.err(`${parsed.error}\n${usage}`);
    return 2;
  }
  if (parsed.help) {
    io.out(`${usage}\n`);
    return 0;
  }
  try {
    return (await run(parsed)) ?? 0;
  } catch (err) {
    if (err instanceof UnknownIncident || err instanceof CliFailure) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}

export function reportCli(args: readonly string[], config: Config, io: CliIo = processIo, opts: CliOptions = {}): Promise<number> {
  return verb(parseReportArgs(args), REPORT_USAGE, io, (a) =>
    withCore(config, opts, async (core) => {
      const model = await buildReport(core, a.key!);
      const body = a.final ? await finalBytes(core, a.key!, config.locale) : await renderReport(model, { core, locale: a.lang ?? config.locale, zone: cliZone(core) }, a.format);
      if (a.out) await writeOut(a.out, body);
      else io.out(body);
    }),
  );
}

/** The frozen report's bytes, exactly as stored (src/report/final.ts); a report not final yet says how it becomes so. */
async function finalBytes(core: Core, key: string, locale: Locale): Promise<Buffer> {
  const stored = await findFinalReport(core.db, key);
  if (!stored) throw new CliFailure(t(locale, 'upload.cli.noFinal', { key }));
  return stored.bytes;
}

/**
 * The evidence bundle (src/evidence/bundle.ts). Exit 3 when it was written but the timeline's
 * chain is broken: the files are there to examine, and a script can tell that from "not written" (1).
 */
export function exportCli(args: readonly string[], config: Config, io: CliIo = processIo, opts: CliOptions = {}): Promise<number> {
  return verb(parseExportArgs(args), EXPORT_USAGE, io, (a) =>
    withCore(config, opts, async (core) => {
      let bundle;
      try {
        bundle = await writeBundle(core, config, a.key!, a.out ?? a.key!);
      } catch (err) {
        if (err instanceof CannotWrite) throw new CliFailure(err.message);
        throw err;
      }
      io.out(`${bundle.files.map((f) => path.join(bundle.dir, f)).join('\n')}\n`);
      const v = bundle.manifest.verification;
      if (v.ok) return 0;
      io.err(`the timeline's chain is broken at event ${v.seq}: ${v.problem} (the bundle is written; manifest.json says the same)`);
      return 3;
    }),
  );
}

/** A plain-text table, columns padded to their widest cell (CJK counted as two columns). */
export function textTable(head: string[], rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
  const cols = head.map((_, i) => Math.max(...[head, ...rows].map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ').trimEnd();
  return [line(head), cols.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function metricsTable(locale: Locale, groups: readonly GroupMetrics[]): string {
  const age = (ms: number | undefined) => (ms === undefined ? '—' : formatAge(locale, ms));
  const rows = groups.map((g) => [g.group, String(g.count), age(g.mttaMs), age(g.firstStatementMs), age(g.mttrMs), g.onTimePct === undefined ? '—' : `${g.onTimePct} % (${g.onTime}/${g.due})`]);
  return textTable(t(locale, 'report.metrics.head').split('|'), rows);
}

export function metricsCli(args: readonly string[], config: Config, io: CliIo = processIo, opts: CliOptions = {}): Promise<number> {
  return verb(parseMetricsArgs(args), METRICS_USAGE, io, (a) =>
    withCore(config, opts, async (core) => {
      const locale = config.locale;
      const incidents = await incidentsRaisedSince(core.db, a.since);
      if (!incidents.length) {
        io.out(`${t(locale, 'report.metrics.empty', { since: a.since?.toISOString().slice(0, 10) ?? '—' })}\n`);
        return;
      }
      const now = core.now();
      const rows = await Promise.all(
        incidents.map(async (i) => ({ incident: i, m: incidentMetrics(i, await stepsOf(core.db, i), await readTimeline(core.db, i.key), await publishedStatements(core, i), now) })),
      );
      const groups: GroupMetrics[] = [];
      if (a.by) {
        const label = (i: (typeof incidents)[number]) => (a.by === 'level' ? levelName(core.playbook, i.level, locale) : planTitle(core.playbook, i.type, locale));
        const names = [...new Set(rows.map((r) => label(r.incident)))].sort();
        for (const name of names) groups.push(groupMetrics(name, rows.filter((r) => label(r.incident) === name).map((r) => r.m)));
      }
      groups.push(groupMetrics(t(locale, 'report.metrics.all'), rows.map((r) => r.m)));
      io.out(`${metricsTable(locale, groups)}\n`);
    }),
  );
}

// crisis-bot drills lives with the drills (src/drills/cli.ts); exported here so main.ts loads it with the other report verbs.
export { drillsCli } from '../drills/cli.ts';
