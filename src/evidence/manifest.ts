import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { keyedHash } from '../domain/timeline.ts';
import type { Verification } from './chain.ts';

export const MANIFEST = 'manifest.json';
export const BUNDLE_FORMAT = 'crisis-bot-evidence/1';

export type FileEntry = { name: string; sha256: string; bytes: number };

export type Manifest = {
  format: typeof BUNDLE_FORMAT;
  incident: string;
  createdAt: string;
  tool: { name: string; version: string };
  files: FileEntry[];
  /** The timeline's hash chain as checked when the bundle was made (chain.ts). */
  verification: Verification;
  /**
   * HMAC-SHA256 with the audit key of the manifest without this field (canonical JSON, as the
   * timeline hashes): whoever holds the key can tell a manifest rewritten to match edited files.
   * Absent when the export ran without the key.
   */
  seal?: string;
};

export const fileEntry = (name: string, body: Buffer): FileEntry => ({ name, sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length });

/** The version of the tool that made the bundle, from its package.json (read once). */
let version: Promise<string> | undefined;
export function toolVersion(): Promise<string> {
  version ??= readFile(path.resolve(import.meta.dirname, '../../package.json'), 'utf8').then(
    (t) => String((JSON.parse(t) as { version?: string }).version ?? 'unknown'),
    () => 'unknown',
  );
  return version;
}

export function sealed(m: Omit<Manifest, 'seal'>, key: Uint8Array | undefined): Manifest {
  return key ? { ...m, seal: keyedHash(key, { chain: 'evidence-manifest', manifest: m }) } : m;
}
