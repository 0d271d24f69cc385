import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { readerZone } from '../../src/playbook/zone.ts';
import { serverZone } from '../../src/ui/times.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../playbooks', import.meta.url));

describe('whose clock a typed time is read on', () => {
  let tmp: string | undefined;
  afterEach(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  async function copyWith(edits: Record<string, [string, string]>): Promise<string> {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-playbook-'));
    await cp(DEFAULT_DIR, tmp, { recursive: true });
    for (const [file, [from, to]] of Object.entries(edits)) {
      const full = path.join(tmp, file);
      const before = await readFile(full, 'utf8');
      expect(before, `${file} should contain ${from}`).toContain(from);
      await writeFile(full, before.replace(from, to));
    }
    return tmp;
  }

  it('refuses a zone that is not an IANA name, naming the file, line and a fix', async () => {
    const dir = await copyWith({
      'levels.yml': ['currency: CNY\n', 'currency: CNY\ntimezone: Mars/Olympus\n'],
      'roster.yml': ['    shell: alice\n', '    shell: alice\n    tz: +08:00\n'],
    });
    const result = await loadPlaybook(dir);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const lineOf = async (file: string, needle: string) => (await readFile(path.join(dir, file), 'utf8')).split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(problems).toContainEqual({ file: 'levels.yml', line: await lineOf('levels.yml', 'timezone: Mars'), field: 'timezone', message: "'Mars/Olympus' is not an IANA time zone; use a name such as Asia/Shanghai, Europe/London or UTC" });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'roster.yml', line: await lineOf('roster.yml', 'tz: +08:00'), field: 'people.0.tz' }));
  });

  it('takes the platform’s zone, else the roster’s, else the playbook’s, else the server’s', async () => {
    const dir = await copyWith({
      'levels.yml': ['currency: CNY\n', 'currency: CNY\ntimezone: Europe/Berlin\n'],
      'roster.yml': ['    shell: alice\n', '    shell: alice\n    tz: Asia/Shanghai\n'],
    });
    const result = await loadPlaybook(dir);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const pb = result.playbook;
    const alice = pb.roster.find((p) => p.id === 'alice')!;
    expect(readerZone(pb, { platform: 'slack', user: { id: alice.slack! }, tz: 'America/New_York' })).toBe('America/New_York');
    expect(readerZone(pb, { platform: 'discord', user: { id: alice.discord! } })).toBe('Asia/Shanghai');
    expect(readerZone(pb, { platform: 'shell', user: { id: 'alice' } })).toBe('Asia/Shanghai');
    expect(readerZone(pb, { platform: 'shell', user: { id: 'stranger' } })).toBe('Europe/Berlin');
    expect(readerZone({ ...pb, timezone: undefined }, { platform: 'discord', user: { id: '999999999999999999' } })).toBe(serverZone());
  });
});
