import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybook, type Problem } from '../../src/playbook/load.ts';
import { simulate } from '../../src/playbook/simulate.ts';
import { policyFor } from '../../src/playbook/statements.ts';

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

describe('statements.yml, statement templates and statement_every in the playbook', () => {
  it('the default playbook has an announcement channel, approvers per audience, templates and a statement cadence', async () => {
    const r = await loadPlaybook(DEFAULT_DIR);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.playbook.statements!.channels[0]).toMatchObject({ id: 'announcements', platform: 'shell', channel: 'crisis-announcements' });
    expect(policyFor(r.playbook.statements, 'public')).toEqual({ roles: ['legal_counsel', 'comms'], need: 'all' });
    expect(policyFor(r.playbook.statements, 'staff')).toEqual({ roles: ['comms'], need: 1 });
    expect(r.playbook.levels[0]!.response.statement_every).toBe(2 * 3600_000);
    expect(r.playbook.plans.find((p) => p.id === 'safety-accident')!.statements!.holding!['zh-CN']).toContain('{location}');
  });

  it('loads without statements.yml: war room only, comms approves', async () => {
    const dir = await copy();
    await unlink(path.join(dir, 'statements.yml'));
    const r = await loadPlaybook(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.playbook.statements!.channels).toEqual([]);
    expect(policyFor(r.playbook.statements, 'press')).toEqual({ roles: ['comms'], need: 1 });
  });

  it('names file, line and field of an approver role nobody holds, an unknown role, a half channel and an unknown placeholder', async () => {
    const dir = await copy();
    await edit(dir, 'roles.yml', /^roles:\n/m, "roles:\n  - id: spokesperson\n    name: { en: Spokesperson, zh-CN: 发言人 }\n    duties: { en: Speaks, zh-CN: 发言 }\n    group: response\n");
    await edit(dir, 'statements.yml', 'staff: { roles: [comms], need: 1 }', 'staff: { roles: [spokesperson], need: 1 }\n  press: { roles: [comm], need: 1 }');
    await edit(dir, 'statements.yml', '    channel: crisis-announcements\n', '    channel: crisis-announcements\n  - id: web\n    platform: slack\n    webhook: https://example.org/hook\n');
    await edit(dir, 'plans/safety-accident.yml', '({title})', '({title}, {who})');
    const problems = await problemsIn(dir);
    const at = (file: string, field: string) => problems.find((p) => p.file === file && p.field === field);
    expect(at('statements.yml', 'approvers.staff.roles.0')).toMatchObject({ line: 40, message: "no one in roster.yml has role 'spokesperson'; add a person with that role" });
    expect(at('statements.yml', 'approvers.press.roles.0')!.message).toContain("unknown role 'comm'; did you mean 'comms'?");
    expect(at('statements.yml', 'channels.1')!.message).toContain('either a chat channel');
    expect(at('plans/safety-accident.yml', 'statements.holding.en')!.message).toBe('unknown placeholder {who}; use {title} {location} {started_at} {level} {key}');
    expect(at('plans/safety-accident.yml', 'statements.holding.en')!.line).toBeGreaterThan(100);
  });

  it('crisis-bot simulate shows the first-statement ladder: the publishers, then the lead, then the executive', async () => {
    const r = await loadPlaybook(DEFAULT_DIR);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const { lines, unreached } = simulate(r.playbook, 'safety-accident', 2, 'en');
    expect(unreached).toBe(0);
    expect(lines.filter((l) => l.includes('public statement'))).toEqual([
      'T+2h      first public statement due (drafted, approved and published with /crisis statement)',
      'T+2h        no public statement → DM Communications lead: Carol Placeholder',
      'T+2h15m     no public statement → DM lead: Alice Placeholder',
      'T+2h30m     no public statement → DM Executive sponsor: Ivan Placeholder',
    ]);
  });
});
