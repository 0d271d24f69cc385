import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { checkPlaybook } from '../playbook/check.ts';

/** The plan files of a playbook folder, and the check of a changed plan on a copy of the folder. */

/** `plans/<id>.yml` when that file holds the plan, else whichever plan file declares `id: <id>`. */
export async function planFile(dir: string, plan: string): Promise<string | undefined> {
  const folder = path.join(dir, 'plans');
  const names = await readdir(folder).catch(() => [] as string[]);
  const files = [`${plan}.yml`, ...names.filter((n) => /\.ya?ml$/.test(n) && n !== `${plan}.yml`)];
  for (const name of files) {
    const text = await readFile(path.join(folder, name), 'utf8').catch(() => undefined);
    if (text !== undefined && String(parseDocument(text).get('id')) === plan) return path.join(folder, name);
  }
  return undefined;
}

/**
 * `crisis-bot check` on a copy of the folder with the plan file replaced: the real folder is
 * written only when this passes. The problems name the real folder, not the copy.
 */
export async function checkWith(dir: string, file: string, text: string): Promise<{ ok: boolean; lines: string[] }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-plan-'));
  try {
    const copy = path.join(tmp, 'playbook');
    await cp(dir, copy, { recursive: true });
    await writeFile(path.join(copy, path.relative(dir, file)), text);
    const r = await checkPlaybook(copy);
    return { ok: r.ok, lines: r.lines.map((l) => l.split(copy).join(dir.replace(/[\\/]+$/, ''))) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
