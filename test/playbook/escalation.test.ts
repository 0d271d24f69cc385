import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybook, type Problem } from '../../src/playbook/load.ts';
import { DEFAULT_PLAYBOOK } from '../support/core.ts';

const MIN = 60_000;
let tmp: string | undefined;
afterEach(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
  tmp = undefined;
});

/** A copy of the default playbook with levels.yml edited; fails loudly if the text drifted. */
async function withLevels(edit: (yml: string) => string): Promise<string> {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-ladder-'));
  await cp(DEFAULT_PLAYBOOK, tmp, { recursive: true });
  const file = path.join(tmp, 'levels.yml');
  const before = await readFile(file, 'utf8');
  const after = edit(before);
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

describe('escalation ladder in levels.yml', () => {
  it('loads the default ladders: owners at the deadline, then the lead, then the executive for levels 1 and 2', async () => {
    const r = await loadPlaybook(DEFAULT_PLAYBOOK);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const ladders = r.playbook.levels.map((l) => l.escalation.map((x) => `${x.after / MIN}:${x.notify}`).join(' '));
    expect(ladders).toEqual(['0:owners 10:lead 20:executive', '0:owners 15:lead 30:executive', '0:owners 30:lead', '0:owners 60:lead']);
  });

  it('names an unknown notify role with the closest known one, on its line', async () => {
    const dir = await withLevels((y) => y.replace('{ after: 30m, notify: executive }', '{ after: 30m, notify: executiv }'));
    expect(await problems(dir)).toEqual([
      {
        file: 'levels.yml',
        line: await lineOf(dir, 'notify: executiv }'),
        field: 'levels.1.escalation.2.notify',
        message: expect.stringContaining("unknown role 'executiv'; did you mean 'executive'?") as unknown as string,
      },
    ]);
  });

  it('wants rungs in firing order, and says which rung is out of order', async () => {
    const dir = await withLevels((y) => y.replace('{ after: 10m, notify: lead }', '{ after: 25m, notify: lead }'));
    const [p] = await problems(dir);
    expect(p).toMatchObject({ file: 'levels.yml', line: await lineOf(dir, 'notify: executive }'), field: 'levels.0.escalation.2.after' });
    expect(p!.message).toContain('rung 3 fires after 20m, not later than rung 2 (25m');
  });

  it('explains a malformed delay and a missing ladder', async () => {
    const dir = await withLevels((y) =>
      y.replace('{ after: 15m, notify: lead }', "{ after: '15 minutes', notify: lead }").replace('    escalation:\n      - { after: 0m, notify: owners }\n      - { after: 30m, notify: lead }\n', ''),
    );
    const found = await problems(dir);
    expect(found).toContainEqual(expect.objectContaining({ field: 'levels.1.escalation.1.after', message: expect.stringContaining("invalid duration '15 minutes'") }));
    expect(found).toContainEqual(expect.objectContaining({ field: 'levels.2.escalation', message: expect.stringContaining("missing required field 'escalation'; add it: who hears about a missed deadline") }));
  });
});
