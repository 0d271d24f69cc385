import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type AuditConfig } from '../config.ts';

/**
 * The audit key: the secret the timeline and ledger are keyed with (HMAC-SHA256). It is never in
 * the database, so rewriting the record there takes more than database access. Its bytes are the
 * UTF-8 of the text — the key file holds the same kind of text as `CRISIS_AUDIT_KEY`, so its
 * content can be moved into the environment (a secret store) and verifies the same chains.
 */
export type AuditKey = { key: Buffer; from: 'env' } | { key: Buffer; from: 'file'; file: string; created: boolean };

/** A ConfigError: the fix is always something to set or restore, and main.ts prints it as such. */
export class AuditKeyError extends ConfigError {}

export const keyFileOf = (audit: AuditConfig) => path.join(audit.dir, 'audit.key');

/**
 * `CRISIS_AUDIT_KEY` if set; else the key file, created on first start when `create` (the bot)
 * and required to exist otherwise (the audit: a new key would verify nothing).
 */
export async function loadAuditKey(audit: AuditConfig, { create }: { create: boolean }): Promise<AuditKey> {
  if (audit.key) return { key: Buffer.from(audit.key, 'utf8'), from: 'env' };
  const file = keyFileOf(audit);
  let created = false;
  if (create) {
    await mkdir(audit.dir, { recursive: true, mode: 0o700 });
    try {
      // `wx`: two first starts at once cannot both write one; the loser reads the winner's.
      await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new AuditKeyError(
      `no audit key: CRISIS_AUDIT_KEY is not set and ${file} does not exist. Run the audit where the bot runs, set CRISIS_AUDIT_KEY to the key it uses, or CRISIS_AUDIT_DIR to the folder holding its audit.key`,
    );
  }
  if (text.length < 32) throw new AuditKeyError(`the audit key file ${file} is empty or damaged (under 32 characters); restore it from a backup or set CRISIS_AUDIT_KEY`);
  return { key: Buffer.from(text, 'utf8'), from: 'file', file, created };
}

/** Whether group or others may read the key file (it should be 0600, as created). */
export async function keyFileIsExposed(file: string): Promise<boolean> {
  return ((await stat(file)).mode & 0o077) !== 0;
}
