import { isLocale, type Locale } from '../playbook/text.ts';
import { FORMATS, type Format } from './render.ts';

/** The command-line contract (DESIGN.md): checked by outside tools, so kept exactly as written there. */
export const REPORT_USAGE = `usage: crisis-bot report KEY [--format md|html|pdf] [--lang en|zh-CN] [--out FILE]
       crisis-bot report KEY --final [--out FILE]

The summary report of incident KEY, built from the record: overview, timeline, facts, impact,
response measures, escalations, statements, control and recovery, metrics, and each part the
record lacks named as missing. Times are in the playbook's time zone (levels.yml timezone), else
the server's. The footer carries the hash of the timeline's newest event (crisis-bot audit checks it).
  --format   md (default), html (with the timeline chart), or pdf (with the chart; English text:
             its font has no Chinese glyphs)
  --lang     en or zh-CN (default CRISIS_LOCALE)
  --out      write to FILE instead of standard output
  --final    the final report, byte for byte as its lead froze it (/crisis report KEY final): HTML,
             its SHA-256 in the timeline's report.finalised event; --format and --lang do not apply
Exit status: 0 written, 1 on an unknown incident or a file that cannot be written, 2 on a usage error.`;

export const EXPORT_USAGE = `usage: crisis-bot export KEY [--out DIR]

Writes incident KEY's evidence bundle to folder DIR (default ./KEY), created if need be:
  incident.json, steps.json      the incident and its checklist steps as stored
  facts.json, impact.json        every version of every fact; every impact assessment
  statements.json, rumours.json  every statement version, approval and publication; the rumours
  people.json, resources.json    roles, lead and handovers; resource requests and stock movements
  decisions.json                 level changes, overrides, phase changes, holds, with who and why
  timeline.json                  the whole hash chain with its anchors and its verdict
  report.md, report.html         the summary report (CRISIS_LOCALE)
  manifest.json                  SHA-256 and size of every file, creation time, tool version,
                                 the chain's verification (keyed with the audit key when at hand,
                                 else the links only) and, with the key, an HMAC seal
Check a bundle anywhere with: node --import tsx test/evidence/verify-bundle.ts DIR [--key-file FILE]
Exit status: 0 written, 1 on an unknown incident or a folder that cannot be written, 2 on a usage
error, 3 written but the timeline's chain is broken (manifest.json says where).`;

export const METRICS_USAGE = `usage: crisis-bot metrics [--since DATE] [--by level|type]

Response metrics over the incidents in the store, as a table: count, MTTA (mean time to
acknowledge), mean time to the first public statement, MTTR (mean time from the raise to review),
steps on time (of the steps due, those done by their deadline). A mean counts only the incidents
that recorded the figure.
  --since DATE  only incidents raised on or after DATE (YYYY-MM-DD or an ISO time)
  --by          one row per level or per incident type, besides the total
Exit status: 0, or 2 on a usage error.`;

export type Bad = { error: string };
export type ReportArgs = { help: boolean; key?: string; format: Format; lang?: Locale; out?: string; final?: boolean };
export type ExportArgs = { help: boolean; key?: string; out?: string };
export type MetricsArgs = { help: boolean; since?: Date; by?: 'level' | 'type' };

/** `--name value` or `--name=value`; the value and how many arguments it took. */
function optionValue(args: readonly string[], i: number, name: string): { value?: string; used: number } | undefined {
  const a = args[i]!;
  if (a === `--${name}`) return { value: args[i + 1], used: 2 };
  if (a.startsWith(`--${name}=`)) return { value: a.slice(name.length + 3), used: 1 };
  return undefined;
}

export function parse<T extends { help: boolean; key?: string }>(args: readonly string[], out: T, options: Record<string, (v: string | undefined) => string | undefined>, takesKey: boolean): T | Bad {
  for (let i = 0; i < args.length; ) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      out.help = true;
      i++;
      continue;
    }
    const name = Object.keys(options).find((n) => optionValue(args, i, n));
    if (name) {
      const { value, used } = optionValue(args, i, name)!;
      const problem = options[name]!(value);
      if (problem) return { error: problem };
      i += used;
      continue;
    }
    if (a.startsWith('-')) return { error: `unknown option ${a}` };
    if (!takesKey) return { error: `unexpected argument ${a}` };
    if (out.key) return { error: `one incident key at most (got ${out.key} and ${a})` };
    out.key = a.toUpperCase();
    i++;
  }
  if (takesKey && !out.help && !out.key) return { error: 'which incident? give its key, e.g. INC-20261128-001' };
  return out;
}

const needs = (what: string) => (v: string | undefined) => (v === undefined || v.startsWith('--') ? `${what}` : undefined);

export function parseReportArgs(args: readonly string[]): ReportArgs | Bad {
  // A flag without a value: taken out before the options that have one are read.
  const final = args.includes('--final');
  const out: ReportArgs = { help: false, format: 'md', ...(final ? { final } : {}) };
  if (final && args.some((a) => /^--(format|lang)(=|$)/.test(a))) return { error: '--final is the stored final report: --format and --lang do not apply' };
  return parse(args.filter((a) => a !== '--final'), out, {
    format: (v) => {
      if (!v || !(FORMATS as readonly string[]).includes(v)) return `unsupported format ${v ?? '(none)'}: use md, html or pdf`;
      out.format = v as Format;
      return undefined;
    },
    lang: (v) => {
      if (!isLocale(v)) return `unsupported language ${v ?? '(none)'}: use en or zh-CN`;
      out.lang = v;
      return undefined;
    },
    out: (v) => needs('--out needs a file name')(v) ?? void (out.out = v),
  }, true);
}

export function parseExportArgs(args: readonly string[]): ExportArgs | Bad {
  const out: ExportArgs = { help: false };
  return parse(args, out, { out: (v) => needs('--out needs a folder name')(v) ?? void (out.out = v) }, true);
}

export function parseMetricsArgs(args: readonly string[]): MetricsArgs | Bad {
  const out: MetricsArgs = { help: false };
  return parse(args, out, {
    since: (v) => {
      const since = v && /^\d{4}-\d{2}-\d{2}/.test(v) ? new Date(v) : undefined;
      if (!since || Number.isNaN(since.getTime())) return `--since needs a date such as 2026-11-28, not ${v ?? 'nothing'}`;
      out.since = since;
      return undefined;
    },
    by: (v) => {
      if (v !== 'level' && v !== 'type') return `--by takes level or type, not ${v ?? 'nothing'}`;
      out.by = v;
      return undefined;
    },
  }, false);
}
