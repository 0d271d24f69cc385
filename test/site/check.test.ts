import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPlaybook } from '../../src/playbook/check.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { siteEditorRoles } from '../../src/site/service.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const made: string[] = [];
afterAll(async () => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

async function copy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pb-site-'));
  made.push(dir);
  await cp(here('../../playbooks'), dir, { recursive: true });
  return dir;
}

describe('crisis-bot check and the Site card', () => {
  it("refuses a continuity function with the id 'site' (it is the Site card's verb), with file and line", async () => {
    const dir = await copy();
    await writeFile(path.join(dir, 'continuity.yml'), 'functions:\n  - { id: site, name: { en: Site, zh-CN: 现场 }, owner: operations, rto: 1h, priority: 1 }\n');
    const { ok, lines } = await checkPlaybook(dir);
    expect(ok).toBe(false);
    expect(lines).toContain(`${dir}/continuity.yml:2: functions.0.id: 'site' is reserved (/crisis service KEY site is the Site card); give the function another id, like 'site-ops'`);
  });

  it("checks a plan's site_editors against roles.yml; the plan's list replaces the default (operations, security)", async () => {
    const dir = await copy();
    const file = path.join(dir, 'plans', 'natural-disaster.yml');
    await writeFile(file, `${await readFile(file, 'utf8')}\nsite_editors: [operation]\n`);
    const bad = await checkPlaybook(dir);
    expect(bad.ok).toBe(false);
    expect(bad.lines.some((l) => l.includes("natural-disaster.yml") && l.includes("site_editors.0: unknown role 'operation'; did you mean 'operations'?"))).toBe(true);

    await writeFile(file, (await readFile(file, 'utf8')).replace('site_editors: [operation]', 'site_editors: [security]'));
    const r = await loadPlaybook(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(siteEditorRoles(r.playbook, { type: 'natural-disaster' })).toEqual(['security']);
    expect(siteEditorRoles(r.playbook, { type: 'safety-accident' })).toEqual(['operations', 'security']);
  });
});
