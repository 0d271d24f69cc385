import { writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import type { Config } from '../config.ts';
import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { formatProblem } from '../playbook/check.ts';
import { loadPlaybook } from '../playbook/load.ts';
import { isLocale, type Locale } from '../playbook/text.ts';
import { openStore } from '../store/open.ts';
import { dayOf, categoryLabel, isOverdue, ownerLabel, planLabel, ratingLabel } from './messaging.ts';
import { ensureSeeded, mitigationOf, readRegister, titleOf, type Risk } from './register.ts';

/**
 * `crisis-bot risks --format md|csv [--lang en|zh-CN] [--out FILE]`: the register as the quarterly
 * review reads it, one row per risk (active first, by next review), overdue reviews marked.
 */

export type RisksArgs = { help: boolean; format: 'md' | 'csv'; lang?: Locale; out?: string };

export function parseRisksArgs(args: readonly string[]): RisksArgs | { error: string } {
  const out: RisksArgs = { help: false, format: 'md' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--format') {
      const v = value();
      if (v !== 'md' && v !== 'csv') return { error: `--format must be md or csv, not '${v ?? ''}'` };
      out.format = v;
    } else if (flag === '--lang') {
      const v = value();
      if (!isLocale(v)) return { error: `--lang must be en or zh-CN, not '${v ?? ''}'` };
      out.lang = v;
    } else if (flag === '--out') {
      const v = value();
      if (!v) return { error: '--out needs a file name' };
      out.out = v;
    } else return { error: `unknown argument '${args[i]}'` };
  }
  return out;
}

function rowOf(core: Core, r: Risk, L: Locale): string[] {
  const yes = (b: boolean) => t(L, b ? 'risks.export.yes' : 'risks.export.no');
  return [
    r._id, titleOf(r, L), categoryLabel(L, r.category), String(r.likelihood), String(r.impact), String(r.likelihood * r.impact), ratingLabel(L, r.rating),
    ownerLabel(core, r, L), mitigationOf(r, L), planLabel(core, r.plan, L), dayOf(core, r.nextReviewAt), yes(isOverdue(core, r)),
    t(L, r.status === 'active' ? 'risks.export.active' : 'risks.retired'), r.incidents.join(' '), String(r.version),
  ];
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s);
const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The register as Markdown (a title, a line of counts, one table) or CSV (a header row, one row per risk). */
export function renderRegister(core: Core, risks: readonly Risk[], L: Locale, format: 'md' | 'csv'): string {
  const head = t(L, 'risks.export.head').split('|');
  const rows = risks.map((r) => rowOf(core, r, L));
  if (format === 'csv') return `${[head, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
  const active = risks.filter((r) => r.status === 'active');
  return [
    `# ${t(L, 'risks.export.title')}`,
    '',
    t(L, 'risks.export.generated', { at: dayOf(core, core.now()), n: active.length, overdue: active.filter((r) => isOverdue(core, r)).length }),
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`),
    '',
  ].join('\n');
}

export type CliIo = { out(chunk: string): void; err(line: string): void };
const processIo: CliIo = { out: (c) => void process.stdout.write(c), err: (l) => console.error(l) };

/** Exit status: 0 written, 1 when the playbook is invalid or the file cannot be written, 2 on a usage error. */
export async function risksCli(args: readonly string[], config: Config, io: CliIo = processIo, opts: { now?: () => Date } = {}): Promise<number> {
  const usage = t(config.locale, 'risks.export.usage');
  const parsed = parseRisksArgs(args);
  if ('error' in parsed) {
    io.err(parsed.error);
    io.err(usage);
    return 2;
  }
  if (parsed.help) {
    io.out(`${usage}\n`);
    return 0;
  }
  const loaded = await loadPlaybook(config.playbookDir);
  if (!loaded.ok) {
    io.err(`The playbook is invalid:\n${loaded.problems.map((p) => formatProblem(config.playbookDir, p)).join('\n')}`);
    return 1;
  }
  const store = await openStore(config.mongodbUri, config.dataDir);
  try {
    const L = parsed.lang ?? config.locale;
    const core: Core = { db: store.db, playbook: loaded.playbook, now: opts.now ?? (() => new Date()), locale: L, log: pino({ level: 'silent' }) };
    // The first use of the register may be its export: the starting register is there too.
    await ensureSeeded(core);
    const body = renderRegister(core, await readRegister(core.db), L, parsed.format);
    if (!parsed.out) io.out(body);
    else {
      try {
        await writeFile(parsed.out, body);
      } catch (err) {
        io.err(`cannot write ${parsed.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return 1;
      }
    }
    return 0;
  } finally {
    await store.close();
  }
}
