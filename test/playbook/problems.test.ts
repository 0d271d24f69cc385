import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybook, type Problem } from '../../src/playbook/load.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../playbooks', import.meta.url));
const BROKEN_DIR = fileURLToPath(new URL('./fixtures/broken', import.meta.url));

async function problemsIn(dir: string): Promise<Problem[]> {
  const result = await loadPlaybook(dir);
  if (result.ok) throw new Error(`expected problems in ${dir}`);
  return result.problems;
}

const problem = (file: string, line: number, field: string, fragment: string) => ({
  file,
  line,
  field,
  message: expect.stringContaining(fragment) as unknown as string,
});

describe('broken fixture', () => {
  it('reports every problem across all files, with file, line, field and fix', async () => {
    const problems = await problemsIn(BROKEN_DIR);
    expect(problems).toEqual([
      problem('levels.yml', 3, 'levels', 'level 2 is missing; add an entry with level: 2'),
      problem('plans/bad-duration.yml', 10, 'steps.0.due.1', "invalid duration '15 minutes'; write a whole number followed by a unit"),
      problem('plans/missing-due.yml', 14, 'steps.1.due.3', 'no due time for level 3; add 3: <duration>'),
      problem('plans/syntax-error.yml', 5, '', 'YAML syntax error at column 10'),
      problem('plans/typo-key.yml', 2, 'titel', "unknown key 'titel'; did you mean 'title'?"),
      problem('plans/unknown-owner.yml', 13, 'steps.1.owner', "unknown role 'secuirty'; did you mean 'security'? use one of: crisis_lead, security"),
    ]);
  });
});

describe('mutated copies of the default playbook', () => {
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

  /** Replaces text in a copied file, failing loudly if the fixture text drifted. */
  async function edit(dir: string, file: string, from: string | RegExp, to: string): Promise<void> {
    const full = path.join(dir, file);
    const before = await readFile(full, 'utf8');
    const after = before.replace(from, to);
    expect(after, `${file} should contain ${String(from)}`).not.toBe(before);
    await writeFile(full, after);
  }

  /** 1-based numbers of the lines containing `needle`. */
  async function linesOf(dir: string, file: string, needle: string): Promise<number[]> {
    const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n');
    const found = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
    expect(found.length, `${file} should contain ${needle}`).toBeGreaterThan(0);
    return found;
  }

  const lineOf = async (dir: string, file: string, needle: string) => (await linesOf(dir, file, needle))[0]!;

  it('reports a missing folder', async () => {
    const problems = await problemsIn(path.join(os.tmpdir(), 'crisis-playbook-does-not-exist'));
    expect(problems).toEqual([problem('', 0, '', 'playbook folder not found; pass the path of a folder containing levels.yml')]);
  });

  it('reports a missing file and an empty plans folder', async () => {
    const dir = await copy();
    await rm(path.join(dir, 'levels.yml'));
    await rm(path.join(dir, 'plans'), { recursive: true });
    await mkdir(path.join(dir, 'plans'));
    await writeFile(path.join(dir, 'plans', 'README.txt'), 'not a plan\n');
    const problems = await problemsIn(dir);
    expect(problems).toContainEqual(problem('levels.yml', 0, '', 'file is missing; create it with the grading standard'));
    expect(problems).toContainEqual(problem('plans/', 0, '', 'no plan files; add at least one emergency plan'));
  });

  it('suggests renaming a .yaml file', async () => {
    const dir = await copy();
    await cp(path.join(dir, 'roles.yml'), path.join(dir, 'roles.yaml'));
    await rm(path.join(dir, 'roles.yml'));
    await cp(path.join(dir, 'plans/reputation.yml'), path.join(dir, 'plans/reputation.yaml'));
    await rm(path.join(dir, 'plans/reputation.yml'));
    const problems = await problemsIn(dir);
    expect(problems).toContainEqual(problem('roles.yml', 0, '', 'roles.yaml exists; rename it to roles.yml'));
    expect(problems).toContainEqual(problem('plans/reputation.yaml', 0, '', 'rename it to reputation.yml'));
  });

  it('reports an empty file', async () => {
    const dir = await copy();
    await writeFile(path.join(dir, 'resources.yml'), '# nothing yet\n');
    const problems = await problemsIn(dir);
    expect(problems).toEqual([problem('resources.yml', 1, '', 'the file must hold a YAML mapping with the keys resources; it is empty')]);
  });

  it('reports duplicate YAML keys as syntax errors', async () => {
    const dir = await copy();
    await edit(dir, 'plans/reputation.yml', 'id: reputation\n', 'id: reputation\nid: reputation\n');
    const problems = await problemsIn(dir);
    expect(problems).toEqual([problem('plans/reputation.yml', 6, '', 'remove or rename the repeated key')]);
  });

  it('names missing translations and wrong shapes without cascading', async () => {
    const dir = await copy();
    await edit(dir, 'levels.yml', '      zh-CN: 一级（特别重大）\n', '');
    await edit(dir, 'roster.yml', 'roles: [crisis_lead]', 'roles: crisis_lead');
    await edit(dir, 'resources.yml', 'quantity: 20', 'quantity: -1');
    expect(await problemsIn(dir)).toEqual([
      // A missing key has no line of its own: the problem points at the key of its parent mapping.
      problem('levels.yml', await lineOf(dir, 'levels.yml', '    name:'), 'levels.0.name.zh-CN', "missing required field 'zh-CN'; add it: the Simplified Chinese text"),
      problem('roster.yml', await lineOf(dir, 'roster.yml', 'roles: crisis_lead'), 'people.0.roles', "expected a list, got 'crisis_lead'; write it as [a, b]"),
      problem('resources.yml', await lineOf(dir, 'resources.yml', 'quantity: -1'), 'resources.0.quantity', 'must be at least 0, got -1'),
    ]);
  });

  it('checks thresholds and response times across levels', async () => {
    const dir = await copy();
    await edit(dir, 'levels.yml', 'people_affected: 100', 'people_affected: 5');
    await edit(dir, 'levels.yml', 'media_attention: national', 'media_attention: international');
    await edit(dir, 'levels.yml', /acknowledge: 30m/, 'acknowledge: 2h');
    const problems = await problemsIn(dir);
    expect(problems).toEqual([
      problem('levels.yml', await lineOf(dir, 'levels.yml', 'people_affected: 5'), 'levels.0.criteria.people_affected', "level 1 people_affected (5) is below level 2's (10)"),
      problem('levels.yml', await lineOf(dir, 'levels.yml', 'acknowledge: 2h'), 'levels.1.response.acknowledge', "level 2 acknowledge (2h) is longer than level 3's (1h)"),
    ]);
  });

  it('reports a duplicated and an invalid level', async () => {
    const dir = await copy();
    await edit(dir, 'levels.yml', '  - level: 3', '  - level: 2');
    await edit(dir, 'levels.yml', '  - level: 4', '  - level: 5');
    const [first, second] = await linesOf(dir, 'levels.yml', '  - level: 2');
    const levelsLine = await lineOf(dir, 'levels.yml', 'levels:');
    expect(await problemsIn(dir)).toEqual([
      problem('levels.yml', levelsLine, 'levels', 'level 3 is missing; add an entry with level: 3'),
      problem('levels.yml', levelsLine, 'levels', 'level 4 is missing; add an entry with level: 4'),
      problem('levels.yml', second!, 'levels.2.level', `level 2 is defined twice (also at line ${first}); keep one entry per level`),
      problem('levels.yml', await lineOf(dir, 'levels.yml', '  - level: 5'), 'levels.3.level', 'invalid value 5; use one of: 1, 2, 3, 4'),
    ]);
  });

  it('names an unknown role in level_change_roles with the closest real one', async () => {
    const dir = await copy();
    await edit(dir, 'levels.yml', 'level_change_roles: [crisis_expert]', 'level_change_roles: [crisis_expret]');
    expect(await problemsIn(dir)).toContainEqual(
      problem('levels.yml', await lineOf(dir, 'levels.yml', 'crisis_expret'), 'level_change_roles.0', "unknown role 'crisis_expret'; did you mean 'crisis_expert'?"),
    );
  });

  it('reports unknown roles everywhere they are referenced and unstaffed roles', async () => {
    const dir = await copy();
    await edit(dir, 'roster.yml', 'roles: [legal_counsel]', 'roles: [legal_cousel]');
    await edit(dir, 'resources.yml', 'contact_role: comms', 'contact_role: pr');
    await edit(dir, 'plans/reputation.yml', 'roles: [crisis_lead,', 'roles: [crisis_leader,');
    const problems = await problemsIn(dir);
    expect(problems).toContainEqual(
      problem('roster.yml', await lineOf(dir, 'roster.yml', 'legal_cousel'), 'people.7.roles.0', "unknown role 'legal_cousel'; did you mean 'legal_counsel'?"),
    );
    expect(problems).toContainEqual(problem('resources.yml', await lineOf(dir, 'resources.yml', 'contact_role: pr'), 'resources.5.contact_role', "unknown role 'pr'"));
    expect(problems).toContainEqual(problem('plans/reputation.yml', 12, 'roles.0', "unknown role 'crisis_leader'; did you mean 'crisis_lead'?"));
    // legal_counsel now has nobody: one report per plan (at its first step), per resource and per statement approver list.
    const unstaffed = problems.filter((p) => p.message === "no one in roster.yml has role 'legal_counsel'; add a person with that role");
    expect(unstaffed.map((p) => `${p.file} ${p.field}`)).toEqual([
      'resources.yml resources.4.contact_role',
      'plans/cyber-attack.yml steps.3.owner',
      'plans/natural-disaster.yml steps.8.owner',
      'plans/product-quality.yml steps.3.owner',
      'plans/reputation.yml steps.3.owner',
      'plans/safety-accident.yml steps.3.owner',
      'plans/supply-chain.yml steps.3.owner',
      'statements.yml approvers.default.roles.0',
    ]);
  });

  it('still checks references in a file that also has schema errors', async () => {
    const dir = await copy();
    await edit(dir, 'plans/cyber-attack.yml', 'phase: respond', 'phase: respnd');
    await edit(dir, 'plans/cyber-attack.yml', 'owner: security', 'owner: secuirty');
    await edit(dir, 'plans/cyber-attack.yml', /^title:/m, 'titel:');
    const file = 'plans/cyber-attack.yml';
    const problems = await problemsIn(dir);
    expect(problems).toEqual([
      problem(file, await lineOf(dir, file, 'titel:'), 'titel', "unknown key 'titel'; did you mean 'title'?"),
      problem(file, await lineOf(dir, file, 'phase: respnd'), 'steps.5.phase', "invalid value 'respnd'; did you mean 'respond'? use one of: identify, assess, respond"),
      problem(file, await lineOf(dir, file, 'owner: secuirty'), 'steps.7.owner', "unknown role 'secuirty'; did you mean 'security'?"),
    ]);
  });

  it('checks plan ids, duplicate ids, due order and step titles', async () => {
    const dir = await copy();
    const file = 'plans/supply-chain.yml';
    await edit(dir, file, 'id: supply-chain', 'id: supply');
    await edit(dir, file, 'id: map-exposure', 'id: confirm-disruption');
    await edit(dir, file, 'due: { 1: 4h, 2: 8h, 3: 1d, 4: 2d }', 'due: { 1: 2d, 2: 8h, 3: 1d, 4: 2d }');
    await edit(dir, file, 'en: Approve the emergency purchasing budget', `en: ${'Approve '.repeat(16)}`);
    // A second copy of the comms role at the end of roles.yml.
    const roles = await readFile(path.join(dir, 'roles.yml'), 'utf8');
    const commsBlock = / {2}- id: comms\n[\s\S]*?(?=\n\n)/.exec(roles)![0];
    await writeFile(path.join(dir, 'roles.yml'), `${roles.trimEnd()}\n\n${commsBlock}\n`);
    const [firstStep, secondStep] = await linesOf(dir, file, 'id: confirm-disruption');
    const problems = await problemsIn(dir);
    expect(problems).toEqual([
      problem('roles.yml', roles.trimEnd().split('\n').length + 2, 'roles.11.id', `duplicate role id 'comms' (also at line ${await lineOf(dir, 'roles.yml', '- id: comms')}); give each entry its own role id`),
      problem(file, await lineOf(dir, file, 'id: supply'), 'id', "plan id 'supply' does not match the file name; set id: supply-chain or rename the file to plans/supply.yml"),
      problem(file, secondStep!, 'steps.1.id', `duplicate step id 'confirm-disruption' (also at line ${firstStep}); give each entry its own step id`),
      problem(file, await lineOf(dir, file, 'due: { 1: 2d'), 'steps.2.due.1', 'level 1 is due later (2d) than level 2 (8h)'),
      problem(file, await lineOf(dir, file, 'Approve Approve'), 'steps.5.title.en', 'is 127 characters long; shorten it to at most 120'),
    ]);
  });

  it('rejects unquoted Discord ids, bad Slack ids and duplicate chat ids', async () => {
    const dir = await copy();
    await edit(dir, 'roster.yml', "discord: '100000000000000001'", 'discord: 100000000000000001');
    await edit(dir, 'roster.yml', 'slack: U000PLACEHOLDER2', 'slack: bob');
    await edit(dir, 'roster.yml', 'email: dave@example.com', 'email: carol@example.com');
    const problems = await problemsIn(dir);
    expect(problems).toEqual([
      problem('roster.yml', await lineOf(dir, 'roster.yml', 'discord: 1000'), 'people.0.discord', 'Discord ids must be quoted strings'),
      problem('roster.yml', await lineOf(dir, 'roster.yml', 'slack: bob'), 'people.1.slack', "'bob' is not a valid Slack member id; use the member id from the Slack profile"),
      problem('roster.yml', (await lineOf(dir, 'roster.yml', 'id: dave')) + 6, 'people.3.email', "duplicate email address 'carol@example.com' (also at line"),
    ]);
  });
});
