import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AuditConfig, Config } from '../config.ts';
import { keyedHash } from '../domain/timeline.ts';
import type { AnchorSink, ChainHead } from '../store/connect.ts';

/**
 * Anchors: after every append, the chain's head (incident key or the ledger, seq, hash) goes to
 * an append-only JSON-lines file next to the key, where the database cannot rewrite it. One file
 * per database (named by what it is connected to), each line marked with the audit key, so lines
 * can neither be edited nor copied from another database's file without the key.
 */

export type Anchor = ChainHead & { at: string; line: number };

/** What the store is: the data directory for the embedded one, the URI without credentials otherwise. */
export function storeIdentity(config: Pick<Config, 'mongodbUri' | 'dataDir'>): string {
  if (!config.mongodbUri) return `local:${config.dataDir}`;
  return `mongodb:${config.mongodbUri.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '')}`;
}

const storeId = (identity: string) => createHash('sha256').update(identity).digest('hex').slice(0, 16);

export const anchorsFileOf = (audit: AuditConfig, identity: string) => path.join(audit.dir, `anchors-${storeId(identity)}.jsonl`);

const markOf = (key: Uint8Array, identity: string, h: ChainHead, at: string) => keyedHash(key, { anchor: 1, store: storeId(identity), chain: h.chain, seq: h.seq, hash: h.hash, at });

/**
 * Appends each head as one line in one `O_APPEND` write, so concurrent appends (this process or
 * another on the host) never interleave. A failed write is logged, never thrown: the database write
 * it follows has happened, and the audit reports the missing anchor as unanchored events.
 */
export function anchorSink(file: string, key: Uint8Array, identity: string, log: Logger, now: () => Date = () => new Date()): AnchorSink {
  return async (head) => {
    const at = now().toISOString();
    const line = JSON.stringify({ chain: head.chain, seq: head.seq, hash: head.hash, at, mac: markOf(key, identity, head, at) });
    try {
      await appendFile(file, `${line}\n`, { flag: 'a', mode: 0o600 });
    } catch (err) {
      log.error({ err, file, chain: head.chain, seq: head.seq }, 'could not write the audit anchor; the audit will report the event as unanchored');
    }
  };
}

export type AnchorsRead = { file: string; missing: boolean; anchors: Anchor[]; bad: { line: number; why: string }[] };

/** Every line of the file, checked against the key: good anchors, and the lines that are not. */
export async function readAnchors(file: string, key: Uint8Array, identity: string): Promise<AnchorsRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, missing: true, anchors: [], bad: [] };
    throw err;
  }
  const anchors: Anchor[] = [];
  const bad: AnchorsRead['bad'] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    const line = i + 1;
    let a: Record<string, unknown>;
    try {
      a = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      bad.push({ line, why: 'is not JSON' });
      return;
    }
    const head = { chain: a.chain, seq: a.seq, hash: a.hash };
    if (typeof head.chain !== 'string' || typeof head.seq !== 'number' || typeof head.hash !== 'string' || typeof a.at !== 'string') {
      bad.push({ line, why: 'lacks chain, seq, hash or at' });
      return;
    }
    const h = head as ChainHead;
    if (a.mac !== markOf(key, identity, h, a.at)) {
      bad.push({ line, why: `(${h.chain} #${h.seq}) does not carry the audit key's mark` });
      return;
    }
    anchors.push({ ...h, at: a.at, line });
  });
  return { file, missing: false, anchors, bad };
}
