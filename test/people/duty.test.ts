import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { dutyGaps, weekMinute } from '../../src/people/duty.ts';
import { checkPlaybook } from '../../src/playbook/check.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../playbooks', import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A copy of the default playbook with `edit` applied to one of its files (as YAML documents, so lines stay real). */
async function playbookWith(file: string, edit: (doc: ReturnType<typeof parseDocument>) => void): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pb-people-'));
  dirs.push(dir);
  await cp(DEFAULT_DIR, dir, { recursive: true });
  const doc = parseDocument(await readFile(path.join(dir, file), 'utf8'));
  edit(doc);
  await writeFile(path.join(dir, file), doc.toString());
  return dir;
}

// dave holds security alone in the default roster: give him office hours in Shanghai.
const daveOfficeHours = (doc: ReturnType<typeof parseDocument>) => {
  const people = doc.get('people') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  const dave = people.items.find((p) => p.get('id') === 'dave')!;
  dave.set('on_duty', doc.createNode([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }, { days: ['sat'], from: '22:00', to: '02:00' }]));
};

describe('on-duty windows (roster.yml on_duty)', () => {
  it('warns in crisis-bot check when a role has nobody on duty at some hour of the week, naming the hours', async () => {
    const dir = await playbookWith('roster.yml', daveOfficeHours);
    const { ok, lines } = await checkPlaybook(dir);
    expect(ok).toBe(true);
    const warning = lines.find((l) => l.startsWith("warning: roster.yml: role 'security'"));
    expect(warning).toContain('mon 00:00-08:00, mon 18:00-24:00, tue 00:00-08:00');
    expect(warning).toMatch(/and \d+ more; widen someone's on_duty or add a person$/);
    // The shipped roster has no windows: nobody is ever off duty, so no warning.
    expect((await checkPlaybook(DEFAULT_DIR)).lines.some((l) => l.startsWith('warning:'))).toBe(false);
  });

  it('reads windows past midnight and in the playbook zone; on-duty holders come first', async () => {
    const dir = await playbookWith('roster.yml', daveOfficeHours);
    const r = await loadPlaybook(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const pb = { ...r.playbook, timezone: 'Asia/Shanghai' };
    const gaps = dutyGaps(pb).filter((g) => g.role === 'security');
    expect(gaps.find((g) => g.day === 'sun')).toEqual({ role: 'security', day: 'sun', from: 2, to: 24 });
    expect(gaps.find((g) => g.day === 'sat')).toEqual({ role: 'security', day: 'sat', from: 0, to: 22 });
    // Monday 10:00 in Shanghai is 02:00 UTC.
    expect(weekMinute(new Date('2026-11-30T02:00:00Z'), 'Asia/Shanghai')).toEqual({ day: 'mon', minute: 600 });
  });

  it('rejects a malformed window with file, line and field', async () => {
    const dir = await playbookWith('roster.yml', (doc) => {
      const people = doc.get('people') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
      people.items.find((p) => p.get('id') === 'dave')!.set('on_duty', doc.createNode([{ days: ['monday'], from: '8am', to: '18:00' }]));
    });
    const { ok, lines } = await checkPlaybook(dir);
    expect(ok).toBe(false);
    expect(lines.join('\n')).toMatch(/roster\.yml:\d+: people\.3\.on_duty\.0\.days\.0: /);
    expect(lines.join('\n')).toMatch(/roster\.yml:\d+: people\.3\.on_duty\.0\.from: '8am' is not a time of day; write HH:MM/);
  });

  it('checks a role brief: both languages, with file and line', async () => {
    const dir = await playbookWith('roles.yml', (doc) => {
      const roles = doc.get('roles') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
      roles.items.find((p) => p.get('id') === 'security')!.set('brief', doc.createNode({ en: 'Go to the command post.' }));
    });
    const { ok, lines } = await checkPlaybook(dir);
    expect(ok).toBe(false);
    expect(lines.join('\n')).toMatch(/roles\.yml:\d+: roles\.\d+\.brief/);
  });
});

describe('crisis-bot check on the resource table', () => {
  it("reports a resource's unknown contact_role with file, line and the choices", async () => {
    const dir = await playbookWith('resources.yml', (doc) => {
      const list = doc.get('resources') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
      list.items.find((r) => r.get('id') === 'first-aid-kits')!.set('contact_role', 'secuirty');
    });
    const { ok, lines } = await checkPlaybook(dir);
    expect(ok).toBe(false);
    expect(lines).toContainEqual(expect.stringMatching(/resources\.yml:\d+: resources\.0\.contact_role: unknown role 'secuirty'; did you mean 'security'\?/));
  });
});
