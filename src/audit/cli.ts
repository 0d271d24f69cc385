import type { Config } from '../config.ts';
import { openStore } from '../store/open.ts';
import { anchorsFileOf, storeIdentity } from './anchors.ts';
import { auditDatabase } from './audit.ts';
import { loadAuditKey } from './key.ts';
import { formatJson, formatText } from './report.ts';
import { auditConfigOf } from './setup.ts';

export const AUDIT_USAGE = `usage: crisis-bot audit [KEY] [--since DATE] [--json] [--help]

Checks that the record proves itself, for every incident (or incident KEY):
  - each timeline's hash chain, recomputed with the audit key (CRISIS_AUDIT_KEY, else the key
    file audit.key in CRISIS_AUDIT_DIR, default ~/.config/crisis-bot): an edited, removed,
    reordered, moved or forged event breaks it; plain hashes are accepted only for events
    written before the key existed;
  - the ledger, the keyed chain of incidents: an incident deleted with its events, or one
    inserted behind the bot's back, is named;
  - the anchors file next to the key (each chain's head after every write): a cut tail or a
    rewritten chain is named;
  - steps, facts, level and phase against what the timeline last recorded.
  --since DATE  only incidents raised on or after DATE (YYYY-MM-DD or an ISO time); the
                ledger's own chain is always checked whole
  --json        the report as JSON
Exit status: 0 when nothing is found, 1 on any finding, 2 on a usage error.`;

type Args = { key?: string; since?: Date; json: boolean; help: boolean } | { error: string };

export function parseAuditArgs(args: readonly string[]): Args {
  const out: { key?: string; since?: Date; json: boolean; help: boolean } = { json: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--json') out.json = true;
    else if (a === '--since' || a.startsWith('--since=')) {
      const value = a === '--since' ? args[++i] : a.slice('--since='.length);
      const since = value && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
      if (!since || Number.isNaN(since.getTime())) return { error: `--since needs a date such as 2026-11-28, not ${value ?? 'nothing'}` };
      out.since = since;
    } else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else if (out.key) return { error: `one incident key at most (got ${out.key} and ${a})` };
    else out.key = a.toUpperCase();
  }
  return out;
}

/** `crisis-bot audit`: reads the store (never writes to it), prints the report, 1 on any finding. */
export async function auditCli(args: readonly string[], config: Config, print = console.log, printErr = console.error): Promise<number> {
  const parsed = parseAuditArgs(args);
  if ('error' in parsed) {
    printErr(`${parsed.error}\n${AUDIT_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    print(AUDIT_USAGE);
    return 0;
  }
  const audit = auditConfigOf(config);
  // Never a new key here: one made now would verify nothing.
  const key = await loadAuditKey(audit, { create: false });
  const keySource = key.from === 'env' ? 'CRISIS_AUDIT_KEY' : key.file;
  const identity = storeIdentity(config);
  const store = await openStore(config.mongodbUri, config.dataDir, { auditKey: key.key });
  try {
    const report = await auditDatabase(store.db, key.key, { file: anchorsFileOf(audit, identity), identity }, { only: parsed.key, since: parsed.since });
    if (parsed.json) print(formatJson(report, keySource));
    else for (const line of formatText(report, keySource)) print(line);
    return report.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}
