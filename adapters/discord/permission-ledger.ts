import { apiCode, MissingPermissions } from './errors.ts';
import type { BotPermission } from './permissions.ts';

/**
 * Per guild, the permissions the bot's last attempts found missing, kept until an operation that
 * needs them succeeds — so a notice to someone in that guild can say exactly what to grant.
 */
export class PermissionLedger {
  private readonly missing = new Map<string, Set<BotPermission>>();

  lacking(guildId: string): BotPermission[] {
    return [...(this.missing.get(guildId) ?? [])];
  }

  /** Records and throws when anything is absent; a MissingPermissions is retried by the outbox. */
  require(guildId: string, absent: BotPermission[]): void {
    if (!absent.length) return;
    const known = this.missing.get(guildId) ?? new Set();
    for (const p of absent) known.add(p);
    this.missing.set(guildId, known);
    throw new MissingPermissions(guildId, absent);
  }

  granted(guildId: string, perms: readonly BotPermission[]): void {
    const known = this.missing.get(guildId);
    for (const p of perms) known?.delete(p);
    if (known && !known.size) this.missing.delete(guildId);
  }

  /** Discord said 50013 although the cached permissions looked sufficient: name what the step needs. */
  explainForbidden(guildId: string, err: unknown, needed: BotPermission[]): void {
    if (apiCode(err) === 50013) this.require(guildId, needed);
  }
}
