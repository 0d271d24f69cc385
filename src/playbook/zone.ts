import type { Platform } from '../../adapters/port.ts';
import { platformId } from '../incidents/roster.ts';
import { serverZone } from '../ui/times.ts';
import type { Playbook } from './schema.ts';

/**
 * The time zone a person's typed times are read in, one rule for every command: the platform's
 * word (Slack's user tz), else their roster entry's `tz`, else the playbook's `timezone`, else the
 * server's.
 */
export function readerZone(playbook: Pick<Playbook, 'roster' | 'timezone'>, who: { platform: Platform; user: { id: string }; tz?: string }): string {
  if (who.tz) return who.tz;
  const person = playbook.roster.find((p) => platformId(p, who.platform) === who.user.id);
  return person?.tz ?? playbook.timezone ?? serverZone();
}
