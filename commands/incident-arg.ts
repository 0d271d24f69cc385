import type { Core } from '../src/core.ts';
import { UserError } from '../src/core.ts';
import { KEY_PATTERN } from '../src/domain/naming.ts';
import { t } from '../src/i18n/index.ts';
import type { Incident } from '../src/store/incidents.ts';
import { findIncident, incidentInRoom } from '../src/store/incidents.ts';
import type { Invocation } from './types.ts';

/** The incident a command names, or the one whose war room it was typed in. */
export async function incidentFromArgs(core: Core, inv: Invocation, keyArg: string | undefined): Promise<Incident | undefined> {
  if (!keyArg) {
    if (!inv.room) return undefined;
    return (await incidentInRoom(core.db, inv.platform, inv.workspace, inv.room)) ?? undefined;
  }
  const key = keyArg.toUpperCase();
  if (!KEY_PATTERN.test(key)) throw new UserError(t(inv.locale, 'err.badKey', { key: keyArg }), 'key');
  const found = await findIncident(core.db, key);
  // Another workspace's incident is not this user's to see: it answers as unknown.
  const incident = found && found.platform === inv.platform && found.workspace === inv.workspace ? found : null;
  if (!incident) throw new UserError(t(inv.locale, 'err.unknownIncident', { key }), 'key');
  return incident;
}

/** `[KEY] word word…`: the key when the first word is one (inside a war room it may be left out), and the rest. */
export function splitKey(args: string): { key?: string; rest: string[] } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words[0] && KEY_PATTERN.test(words[0].toUpperCase())) return { key: words[0], rest: words.slice(1) };
  return { rest: words };
}
