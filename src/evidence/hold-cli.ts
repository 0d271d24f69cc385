import os from 'node:os';
import { pino } from 'pino';
import { anchorSink, anchorsFileOf, storeIdentity } from '../audit/anchors.ts';
import { AuditKeyError, loadAuditKey } from '../audit/key.ts';
import { auditConfigOf } from '../audit/setup.ts';
import type { Config } from '../config.ts';
import type { Core } from '../core.ts';
import { formatProblem } from '../playbook/check.ts';
import { loadPlaybook } from '../playbook/load.ts';
import { findIncident } from '../store/incidents.ts';
import { openStore } from '../store/open.ts';
import { resumeStaleHolds, setLegalHold } from './hold.ts';

export const HOLD_USAGE = `usage: crisis-bot hold KEY on|off --reason "..." [--by NAME]

Sets (on) or clears (off) the legal hold on incident KEY: while it is on, the retention purge keeps
everything of the incident (failed outbox entries included). The change is a timeline event with
who (--by, default the operating-system user) and why (--reason, required); the war room's pinned
summary shows "Legal hold" once the bot delivers the redraw. Run it where the bot runs: it writes to
the timeline with the bot's audit key (CRISIS_AUDIT_KEY or the key file) and never makes a new one.
Exit status: 0 set, cleared or already so, 1 on an unknown incident or no audit key, 2 on a usage error.`;

export type HoldArgs = { help: boolean; key?: string; on?: boolean; reason?: string; by?: string };
type Io = { out(chunk: string): void; err(line: string): void };

export function parseHoldArgs(args: readonly string[]): HoldArgs | { error: string } {
  const out: HoldArgs = { help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const named = /^--(reason|by)(?:=(.*))?$/s.exec(a);
    if (a === '--help' || a === '-h') out.help = true;
    else if (named) {
      const value = named[2] ?? args[++i];
      if (value === undefined || value.startsWith('--') || !value.trim()) return { error: `--${named[1]} needs a value, e.g. --${named[1]} ${named[1] === 'by' ? '"Dana Counsel"' : '"litigation expected"'}` };
      out[named[1] as 'reason' | 'by'] = value.trim();
    } else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else if (!out.key) out.key = a.toUpperCase();
    else if (out.on === undefined && (a === 'on' || a === 'off')) out.on = a === 'on';
    else return { error: `unexpected argument ${a}: give the key, then on or off` };
  }
  if (out.help) return out;
  if (!out.key) return { error: 'which incident? give its key, e.g. INC-20261128-001' };
  if (out.on === undefined) return { error: 'on or off? e.g. crisis-bot hold INC-20261128-001 on --reason "litigation expected"' };
  if (!out.reason) return { error: '--reason is required: say why the hold is set or cleared (it goes into the timeline)' };
  return out;
}

const defaultBy = () => {
  try {
    return os.userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
};

export class HoldFailure extends Error {}

/** A core that writes like the bot: the bot's audit key (never a new one) and its anchor file. */
export async function withWritingCore<T>(config: Config, now: () => Date, work: (core: Core) => Promise<T>): Promise<T> {
  const loaded = await loadPlaybook(config.playbookDir);
  if (!loaded.ok) throw new HoldFailure(`The playbook is invalid:\n${loaded.problems.map((p) => formatProblem(config.playbookDir, p)).join('\n')}`);
  const audit = auditConfigOf(config);
  const { key } = await loadAuditKey(audit, { create: false });
  const log = pino({ level: 'silent' });
  const identity = storeIdentity(config);
  const store = await openStore(config.mongodbUri, config.dataDir, { now, auditKey: key, anchor: anchorSink(anchorsFileOf(audit, identity), key, identity, log, now) });
  try {
    return await work({ db: store.db, playbook: loaded.playbook, now, locale: config.locale, log });
  } finally {
    await store.close();
  }
}

export async function holdCli(args: readonly string[], config: Config, io: Io, opts: { now?: () => Date } = {}): Promise<number> {
  const a = parseHoldArgs(args);
  if ('error' in a) {
    io.err(`${a.error}\n${HOLD_USAGE}`);
    return 2;
  }
  if (a.help) {
    io.out(`${HOLD_USAGE}\n`);
    return 0;
  }
  try {
    return await withWritingCore(config, opts.now ?? (() => new Date()), async (core) => {
      await resumeStaleHolds(core);
      const incident = await findIncident(core.db, a.key!);
      if (!incident) {
        io.err(`no incident ${a.key}`);
        return 1;
      }
      const r = await setLegalHold(core, incident, { on: a.on!, reason: a.reason!, by: a.by ?? defaultBy() });
      const state = a.on ? 'under legal hold' : 'not under legal hold';
      io.out(r.changed ? `${incident.key} is now ${state} (recorded in its timeline).\n` : `${incident.key} is already ${state}; nothing changed.\n`);
      return 0;
    });
  } catch (err) {
    if (err instanceof AuditKeyError || err instanceof HoldFailure) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}
