import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybook, type Problem } from '../../src/playbook/load.ts';
import { DEFAULT_PLAYBOOK } from '../support/core.ts';

let tmp: string | undefined;
afterEach(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
  tmp = undefined;
});

/** A copy of the default playbook with the access lines of levels.yml replaced by `lines`. */
async function withAccess(lines: string): Promise<string> {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-access-'));
  await cp(DEFAULT_PLAYBOOK, tmp, { recursive: true });
  const file = path.join(tmp, 'levels.yml');
  const before = await readFile(file, 'utf8');
  const after = before.replace(/^access:\n {2}always: .*\n/m, lines);
  expect(after).not.toBe(before);
  await writeFile(file, after);
  return tmp;
}

async function problems(dir: string): Promise<Problem[]> {
  const r = await loadPlaybook(dir);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

const lineOf = async (dir: string, needle: string) => (await readFile(path.join(dir, 'levels.yml'), 'utf8')).split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('who is always entitled to private incidents (levels.yml access.always)', () => {
  it('is the executive and the monitoring group in the default playbook', async () => {
    const r = await loadPlaybook(DEFAULT_PLAYBOOK);
    expect(r.ok && r.playbook.accessRoles).toEqual(['executive', 'monitoring_leader', 'monitoring_member']);
  });

  it('is nobody when levels.yml leaves access out', async () => {
    const r = await loadPlaybook(await withAccess(''));
    expect(r.ok && r.playbook.accessRoles).toEqual([]);
  });

  it('names an unknown role with its line and the closest known one', async () => {
    const dir = await withAccess('access:\n  always: [executive, monitoring_leadr]\n');
    expect(await problems(dir)).toEqual([
      {
        file: 'levels.yml',
        line: await lineOf(dir, 'always:'),
        field: 'access.always.1',
        message: expect.stringContaining("unknown role 'monitoring_leadr'; did you mean 'monitoring_leader'?") as unknown as string,
      },
    ]);
  });

  it('explains a single role written without a list, and a misspelt key', async () => {
    const single = await withAccess('access:\n  always: executive\n');
    expect(await problems(single)).toEqual([
      { file: 'levels.yml', line: await lineOf(single, 'always:'), field: 'access.always', message: "expected a list, got 'executive'; write it as [a, b] or one '- item' per line" },
    ]);
    const misspelt = await withAccess('access:\n  allways: [executive]\n');
    expect((await problems(misspelt)).map((p) => p.message)).toEqual(["unknown key 'allways'; did you mean 'always'? allowed keys here: always"]);
  });
});
