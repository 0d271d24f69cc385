import type { Logger } from 'pino';
import { defaultAuditDir, type AuditConfig, type Config } from '../config.ts';
import type { Db } from '../store/connect.ts';
import { adoptUnledgered } from '../store/adopt.ts';
import { anchorSink, anchorsFileOf, storeIdentity } from './anchors.ts';
import { keyFileIsExposed, loadAuditKey } from './key.ts';
import { mkdir } from 'node:fs/promises';

export const auditConfigOf = (config: Config): AuditConfig => config.audit ?? { dir: defaultAuditDir() };

/**
 * What the bot writes with: the key (created on first start when not given) and the anchor sink.
 * Says clearly when production (`MONGODB_URI`) runs on a key file rather than an explicit key:
 * replicas on other hosts would each make their own key, and the file is easy to lose.
 */
export async function openAuditWriting(config: Config, log: Logger, now: () => Date) {
  const audit = auditConfigOf(config);
  const loaded = await loadAuditKey(audit, { create: true });
  if (loaded.from === 'file') {
    if (loaded.created) log.warn({ file: loaded.file }, 'created the audit key file: back it up apart from the database — without it the timeline cannot be verified');
    if (config.mongodbUri) {
      log.warn(
        { file: loaded.file },
        'CRISIS_AUDIT_KEY is not set: the timeline is keyed with this host\'s key file. Set CRISIS_AUDIT_KEY to the same secret on every host (from your secret store), or replicas will not verify each other\'s events',
      );
    }
    if (await keyFileIsExposed(loaded.file)) log.warn({ file: loaded.file }, 'the audit key file is readable by others; chmod 600 it');
  }
  const identity = storeIdentity(config);
  await mkdir(audit.dir, { recursive: true, mode: 0o700 });
  const anchor = anchorSink(anchorsFileOf(audit, identity), loaded.key, identity, log, now);
  return { key: loaded.key, anchor };
}

/** Brings pre-key incidents into the ledger (once per database) and says what it could not. */
export async function adoptAtStart(db: Db, log: Logger): Promise<void> {
  const { adopted, refused } = await adoptUnledgered(db);
  if (adopted.length) log.info({ count: adopted.length }, 'incidents raised before the audit key were added to the ledger');
  if (refused.length) log.error({ incidents: refused.slice(0, 20), count: refused.length }, 'incidents missing from the ledger that cannot be adopted; run crisis-bot audit');
}
