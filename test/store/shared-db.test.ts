// The data folder's database record (src/store/shared-db.ts): a live owner that does not answer
// is refused with what to do, never started over on the same files; a dead one's record is replaced.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDbError, startLocalDb } from '../../src/store/ferretdb.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-shared-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

describe('one embedded database per data folder', () => {
  it('refuses to open the files again when the recorded owner lives but does not answer, saying whom to stop', async () => {
    const data = path.join(tmp, 'hung');
    await mkdir(data, { recursive: true });
    // This test process stands for a hung owner: alive, and nothing listens on port 1.
    await writeFile(path.join(data, 'ferretdb.json'), JSON.stringify({ port: 1, pid: process.pid, startedBy: process.pid, at: new Date().toISOString() }));
    const err = await startLocalDb(data).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalDbError);
    expect((err as Error).message).toContain(`run by process ${process.pid}`);
    expect((err as Error).message).toContain('Opening its files a second time would corrupt them');
  });

  it('starts afresh over the record of an owner that died, and a second open in the same folder joins it', async () => {
    const data = path.join(tmp, 'stale');
    await mkdir(data, { recursive: true });
    await writeFile(path.join(data, 'ferretdb.json'), JSON.stringify({ port: 1, pid: 2 ** 22 + 1, startedBy: 1, at: new Date().toISOString() }));
    const first = await startLocalDb(data);
    const second = await startLocalDb(data);
    try {
      expect(first.joined).toBe(false);
      expect(second.joined).toBe(true);
      expect(second.uri).toBe(first.uri);
      expect(JSON.parse(await readFile(path.join(data, 'ferretdb.json'), 'utf8')).port).toBe(Number(first.uri.match(/:(\d+)\//)![1]));
    } finally {
      await first.stop();
      await second.stop();
    }
    await expect(readFile(path.join(data, 'ferretdb.json'), 'utf8')).rejects.toThrow();
  });
});
