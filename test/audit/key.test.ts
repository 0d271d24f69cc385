import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditKeyError, loadAuditKey } from '../../src/audit/key.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-key-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describe('the audit key', () => {
  it('is created on first start as a file only its owner can read, and the same key is read after', async () => {
    const dir = path.join(tmp, 'first');
    const first = await loadAuditKey({ dir }, { create: true });
    expect(first).toMatchObject({ from: 'file', file: path.join(dir, 'audit.key'), created: true });
    expect((await stat(path.join(dir, 'audit.key'))).mode & 0o777).toBe(0o600);
    const again = await loadAuditKey({ dir }, { create: true });
    expect(again).toMatchObject({ created: false });
    expect(again.key.equals(first.key)).toBe(true);
    // The file's text works as CRISIS_AUDIT_KEY too: the same key from the environment.
    const text = (await readFile(path.join(dir, 'audit.key'), 'utf8')).trim();
    expect((await loadAuditKey({ dir: path.join(tmp, 'elsewhere'), key: text }, { create: true })).key.equals(first.key)).toBe(true);
  });

  it('is never made up by the audit: without the key file or CRISIS_AUDIT_KEY it says what to set', async () => {
    const attempt = loadAuditKey({ dir: path.join(tmp, 'none') }, { create: false });
    await expect(attempt).rejects.toThrow(AuditKeyError);
    await expect(attempt).rejects.toThrow(/CRISIS_AUDIT_KEY is not set and .*audit\.key does not exist/);
  });
});
