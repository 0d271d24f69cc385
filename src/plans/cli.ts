import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuditKeyError } from '../audit/key.ts';
import type { Config } from '../config.ts';
import type { Core } from '../core.ts';
import { HoldFailure, withWritingCore } from '../evidence/hold-cli.ts';
import { CliFailure, processIo, withCore, type CliIo, type CliOptions } from '../report/cli.ts';
import { readOp } from '../store/ops.ts';
import { unifiedDiff } from './diff.ts';
import { applyChange } from './edit.ts';
import { checkWith, planFile } from './files.ts';
import { describeChange, type Proposal } from './model.ts';
import { finishApply, rejectProposal, resumeStaleApplies } from './service.ts';
import { findProposal, listProposals } from './store.ts';

export const PLAN_DIFF_USAGE = `usage: crisis-bot plan-diff [--dir DIR] [ID…]

The open plan-change proposals (or the ones named, e.g. P1 P3) as patches against the plan files
in DIR/plans (default PLAYBOOK_DIR): one unified diff per proposal of the file before and
after, comments and layout kept. A proposal that no longer applies says which step is in the way.
Exit status: 0, 1 when a named proposal is unknown, 2 on a usage error.`;

export const PLAN_APPLY_USAGE = `usage: crisis-bot plan-apply ID [--dir DIR] [--by NAME]

Applies proposal ID (e.g. P3) to the plan file in DIR/plans (default PLAYBOOK_DIR): refused
when it no longer applies (its step gone or moved); otherwise the changed folder is checked on a
copy like crisis-bot check, and the real file is written only if that passes. The proposal is then
marked applied, a timeline event on the incident it came from (written with the bot's audit key).
Exit status: 0 applied (or applied already), 1 refused or failing the check, 2 on a usage error.`;

export const PLAN_REJECT_USAGE = `usage: crisis-bot plan-reject ID --reason TEXT [--by NAME]

Marks open proposal ID (e.g. P3) rejected with the reason, a timeline event on the incident it came
from (written with the bot's audit key); the plan file is not touched. /crisis report KEY proposals
then shows it as rejected, with who and why.
Exit status: 0 rejected (or rejected already), 1 unknown or applied already, 2 on a usage error.`;

type Args = { help: boolean; dir?: string; by?: string; reason?: string; ids: string[] };

export function parsePlanArgs(args: readonly string[], named: readonly string[]): Args | { error: string } {
  const out: Args = { help: false, ids: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(a);
    if (a === '--help' || a === '-h') out.help = true;
    else if (m && named.includes(m[1]!)) {
      const value = m[2] ?? args[++i];
      if (value === undefined || value.startsWith('--') || !value.trim()) return { error: `--${m[1]} needs a value` };
      out[m[1] as 'dir' | 'by' | 'reason'] = value.trim();
    } else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else if (/^P\d+$/i.test(a)) out.ids.push(a.toUpperCase());
    else return { error: `'${a}' is not a proposal id; use one like P1` };
  }
  return out;
}

const header = (p: Proposal) => `# ${p.id} (${p.plan}, from ${p.incidentKey}, by ${p.by.name}): ${describeChange(p.change)} — ${p.why}`;

/** The proposal's file and its text before and after, or why it does not apply. */
async function edited(dir: string, p: Proposal): Promise<{ ok: true; file: string; before: string; after: string } | { ok: false; why: string }> {
  const file = await planFile(dir, p.plan);
  if (!file) return { ok: false, why: `no plan file for ${p.plan} in ${path.join(dir, 'plans')}` };
  const before = await readFile(file, 'utf8');
  const r = applyChange(before, p.change);
  return r.ok ? { ok: true, file, before, after: r.text } : { ok: false, why: r.stale };
}

/** A folder without plans/ is a wrong --dir, said before any proposal is read (not "no plan file" for each). */
async function needFolder(dir: string): Promise<void> {
  if (!(await stat(path.join(dir, 'plans')).catch(() => undefined))?.isDirectory()) throw new CliFailure(`no playbook folder ${dir}; give the folder that holds plans/ with --dir`);
}

export async function planDiffCli(args: readonly string[], config: Config, io: CliIo = processIo, opts: CliOptions = {}): Promise<number> {
  const a = parsePlanArgs(args, ['dir']);
  if ('error' in a) return usage(io, a.error, PLAN_DIFF_USAGE);
  if (a.help) return void io.out(`${PLAN_DIFF_USAGE}\n`), 0;
  const dir = a.dir ?? config.playbookDir;
  try {
    await needFolder(dir);
    return await withCore(config, opts, async (core) => {
      const all = await listProposals(core.db);
      const unknown = a.ids.filter((id) => !all.some((p) => p.id === id));
      if (unknown.length) throw new CliFailure(`no proposal ${unknown.join(', ')}; the proposals: ${all.map((p) => p.id).join(', ') || 'none yet'}`);
      const chosen = a.ids.length ? all.filter((p) => a.ids.includes(p.id)) : all.filter((p) => p.status === 'open');
      if (!chosen.length) io.out('No open proposals.\n');
      for (const p of chosen) {
        const e = await edited(dir, p);
        const rel = e.ok ? path.relative(dir, e.file) : '';
        io.out(`${header(p)}\n${e.ok ? unifiedDiff(e.before, e.after, `a/${rel}`, `b/${rel}`) : `# ${p.id} no longer applies: ${e.why}\n`}${p.status === 'open' ? '' : `# ${p.id} is ${p.status}\n`}\n`);
      }
      return 0;
    });
  } catch (err) {
    return failed(io, err);
  }
}

export async function planApplyCli(args: readonly string[], config: Config, io: CliIo = processIo, opts: CliOptions = {}): Promise<number> {
  const a = parsePlanArgs(args, ['dir', 'by']);
  if ('error' in a) return usage(io, a.error, PLAN_APPLY_USAGE);
  if (a.help) return void io.out(`${PLAN_APPLY_USAGE}\n`), 0;
  if (a.ids.length !== 1) return usage(io, 'which proposal? give one id, e.g. P3', PLAN_APPLY_USAGE);
  const dir = path.resolve(a.dir ?? config.playbookDir);
  try {
    await needFolder(dir);
    return await withWritingCore(config, opts.now ?? (() => new Date()), (core) => applyOne(core, io, dir, a.ids[0]!, a.by ?? operator()));
  } catch (err) {
    return failed(io, err);
  }
}

async function applyOne(core: Core, io: CliIo, dir: string, id: string, by: string): Promise<number> {
  await resumeStaleApplies(core);
  const p = await findProposal(core.db, id);
  if (!p) throw new CliFailure(`no proposal ${id}; the proposals: ${(await listProposals(core.db)).map((x) => x.id).join(', ') || 'none yet'}`);
  if (p.status === 'applied') return void io.out(`${id} is applied already; nothing changed.\n`), 0;
  if (p.status !== 'open') throw new CliFailure(`${id} is ${p.status}; only an open proposal is applied`);
  // An apply of this proposal cut short moments ago: its lease has to lapse before it is finished.
  if (await readOp(core.db, `plan-apply:${id}`)) throw new CliFailure(`an apply of ${id} is under way or was cut short; run this again in a minute to finish it`);
  const e = await edited(dir, p);
  if (!e.ok) throw new CliFailure(`${id} no longer applies: ${e.why}; nothing written`);
  const checked = await checkWith(dir, e.file, e.after);
  if (!checked.ok) {
    for (const l of checked.lines) io.err(l);
    throw new CliFailure(`${id} would leave the playbook failing crisis-bot check; nothing written`);
  }
  await finishApply(core, p, e.file, e.after, by);
  io.out(`${id} applied to ${e.file} (${describeChange(p.change)}); the playbook passes crisis-bot check. Restart the bot to load it.\n`);
  return 0;
}

export async function planRejectCli(args: readonly string[], config: Config, io: CliIo = processIo, opts: CliOptions = {}): Promise<number> {
  const a = parsePlanArgs(args, ['reason', 'by']);
  if ('error' in a) return usage(io, a.error, PLAN_REJECT_USAGE);
  if (a.help) return void io.out(`${PLAN_REJECT_USAGE}\n`), 0;
  if (a.ids.length !== 1) return usage(io, 'which proposal? give one id, e.g. P3', PLAN_REJECT_USAGE);
  // The reason is what the proposer reads in the list: a rejection without one tells them nothing.
  if (!a.reason) return usage(io, '--reason is required: say why the proposal is rejected', PLAN_REJECT_USAGE);
  const id = a.ids[0]!;
  try {
    return await withWritingCore(config, opts.now ?? (() => new Date()), async (core) => {
      const p = await findProposal(core.db, id);
      if (!p) throw new CliFailure(`no proposal ${id}; the proposals: ${(await listProposals(core.db)).map((x) => x.id).join(', ') || 'none yet'}`);
      if (p.status === 'rejected') return void io.out(`${id} is rejected already; nothing changed.\n`), 0;
      if (p.status === 'applied') throw new CliFailure(`${id} is applied already; propose the reverse change instead of rejecting it`);
      await rejectProposal(core, p, a.reason!, a.by ?? operator());
      io.out(`${id} rejected (${describeChange(p.change)}); recorded in the timeline of ${p.incidentKey}.\n`);
      return 0;
    });
  } catch (err) {
    return failed(io, err);
  }
}

function usage(io: CliIo, error: string, text: string): number {
  io.err(`${error}\n${text}`);
  return 2;
}

function failed(io: CliIo, err: unknown): number {
  if (err instanceof CliFailure || err instanceof HoldFailure || err instanceof AuditKeyError) {
    io.err(err.message);
    return 1;
  }
  throw err;
}

const operator = () => {
  try {
    return os.userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
};
