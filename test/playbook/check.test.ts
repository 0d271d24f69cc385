import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPlaybook, formatProblem } from '../../src/playbook/check.ts';

// Relative paths, as a user would type them, so the output format is checked verbatim.
const rel = (p: string) => path.relative(process.cwd(), fileURLToPath(new URL(p, import.meta.url)));
const DEFAULT_DIR = rel('../../playbooks');
const BROKEN_DIR = rel('./fixtures/broken');

describe('checkPlaybook', () => {
  it('summarises a valid playbook and flags placeholder people', async () => {
    const { ok, lines } = await checkPlaybook(DEFAULT_DIR);
    expect(ok).toBe(true);
    expect(lines).toEqual([
      expect.stringMatching(/^note: 9 of 9 people in roster\.yml are placeholders; put in real ids/),
      expect.stringMatching(/^playbook OK: 4 levels, 6 plans, \d+ steps, 11 roles, 9 people, 10 resources$/),
    ]);
  });

  it('prints one line per problem as <dir>/<file>:<line>: <field>: <message>, then a count', async () => {
    const { ok, lines } = await checkPlaybook(`${BROKEN_DIR}/`);
    expect(ok).toBe(false);
    expect(lines).toHaveLength(7);
    expect(lines).toContain(`${BROKEN_DIR}/levels.yml:3: levels: level 2 is missing; add an entry with level: 2`);
    expect(lines).toContain(
      `${BROKEN_DIR}/plans/unknown-owner.yml:13: steps.1.owner: unknown role 'secuirty'; did you mean 'security'? use one of: crisis_lead, security (or add it to roles.yml)`,
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${BROKEN_DIR}/plans/syntax-error\\.yml:5: YAML syntax error at column 10: `)));
    expect(lines.at(-1)).toBe(`6 problems in ${BROKEN_DIR}/`);
  });
});

describe('formatProblem', () => {
  it('leaves out a missing line, field or file', () => {
    expect(formatProblem('pb', { file: 'plans/x.yml', line: 4, field: 'steps.0.owner', message: 'm' })).toBe('pb/plans/x.yml:4: steps.0.owner: m');
    expect(formatProblem('pb/', { file: 'levels.yml', line: 0, field: '', message: 'file is missing' })).toBe('pb/levels.yml: file is missing');
    expect(formatProblem('./pb', { file: 'roles.yml', line: 2, field: '', message: 'syntax' })).toBe('./pb/roles.yml:2: syntax');
    expect(formatProblem('nowhere', { file: '', line: 0, field: '', message: 'not found' })).toBe('nowhere: not found');
  });
});
