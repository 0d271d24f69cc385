import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybook, type Problem } from '../../src/playbook/load.ts';
import { rate } from '../../src/playbook/risks.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../playbooks', import.meta.url));

let tmp: string | undefined;
afterEach(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
  tmp = undefined;
});

async function copy(): Promise<string> {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-playbook-'));
  await cp(DEFAULT_DIR, tmp, { recursive: true });
  return tmp;
}

async function edit(dir: string, file: string, from: string | RegExp, to: string): Promise<void> {
  const p = path.join(dir, file);
  const before = await readFile(p, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`nothing replaced in ${file}`);
  await writeFile(p, after);
}

async function problemsIn(dir: string): Promise<Problem[]> {
  const r = await loadPlaybook(dir);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('signals.yml and risks.yml in the playbook', () => {
  it('the default playbook ships signal rules, a monitoring channel and a realistic starting register in both languages', async () => {
    const r = await loadPlaybook(DEFAULT_DIR);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.playbook.signals!.monitoring[0]).toMatchObject({ platform: 'shell', channel: 'crisis-monitoring' });
    expect(r.playbook.signals!.rules.map((x) => x.metric)).toContain('negative_mentions_per_hour');
    const register = r.playbook.risks!.register;
    expect(register.length).toBeGreaterThanOrEqual(8);
    for (const risk of register) expect(risk.title['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(new Set(register.map((x) => x.category)).size).toBeGreaterThanOrEqual(6);
  });

  it('loads a playbook without either file as before: no rules, quarterly reviews', async () => {
    const dir = await copy();
    await unlink(path.join(dir, 'signals.yml'));
    await unlink(path.join(dir, 'risks.yml'));
    const r = await loadPlaybook(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.playbook.signals!.rules).toEqual([]);
    expect(r.playbook.risks!.review.low).toBe(91 * 24 * 3600_000);
  });

  it('names the file, line and field of an unknown plan, an unknown role, a missing or misplaced raise threshold', async () => {
    const dir = await copy();
    await edit(dir, 'signals.yml', 'plan: supply-chain', 'plan: supply-chian');
    await edit(dir, 'signals.yml', 'notify: security', 'notify: secuirty');
    await edit(dir, 'signals.yml', 'raise_threshold: 500', 'raise_threshold: 10');
    const problems = await problemsIn(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'signals.yml', field: 'rules.4.plan', message: expect.stringContaining("unknown plan 'supply-chian'; did you mean 'supply-chain'?") }),
        expect.objectContaining({ file: 'signals.yml', field: 'rules.3.notify', message: expect.stringContaining("unknown role 'secuirty'; did you mean 'security'?") }),
        expect.objectContaining({ file: 'signals.yml', field: 'rules.0.raise_threshold', message: expect.stringContaining('must be at or above threshold 50') }),
      ]),
    );
    expect(problems.every((p) => p.line > 0)).toBe(true);
  });

  it('refuses a likelihood of 6, an unknown category and a matrix whose medium is not below high', async () => {
    const dir = await copy();
    await edit(dir, 'risks.yml', /likelihood: 3\n/, 'likelihood: 6\n');
    await edit(dir, 'risks.yml', 'category: legal', 'category: politics');
    await edit(dir, 'risks.yml', 'medium: 8', 'medium: 15');
    const problems = await problemsIn(dir);
    const fields = problems.filter((p) => p.file === 'risks.yml').map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['register.0.likelihood', 'register.7.category', 'matrix.medium']));
  });

  it('rates likelihood × impact by the matrix', () => {
    const matrix = { high: 15, medium: 8 };
    expect(rate(matrix, 3, 5)).toBe('high');
    expect(rate(matrix, 2, 4)).toBe('medium');
    expect(rate(matrix, 1, 5)).toBe('low');
  });
});
