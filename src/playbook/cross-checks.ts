import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { NOTIFY_LEAD, NOTIFY_OWNERS } from '../domain/escalation.ts';
import { formatDuration } from './duration.ts';
import { CRITERIA_KEYS, DueSchema, LEVEL_NUMBERS, LevelSchema, MEDIA_SCALE, OffsetSchema, OPS_SCALE, type Level } from './schema.ts';
import { type Path, Problems, type Source } from './problems.ts';
import { closest, dotted } from './issues.ts';

/** Cross-checks on the raw YAML values (references, duplicates, orders), so that a schema error elsewhere in a file does not hide them. */

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const field = (v: unknown, key: string): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The plan ids other files may name: the ids read, and the plan files' names — a plan file broken
 * elsewhere (reported already) must not make everything that names it look wrong too.
 */
export async function knownPlanIds(dir: string, planSrcs: readonly Source[]): Promise<string[]> {
  const files = await readdir(path.join(dir, 'plans')).catch(() => [] as string[]);
  const named = files.filter((f) => f.endsWith('.yml')).map((f) => f.slice(0, -'.yml'.length));
  return [...new Set([...planSrcs.flatMap((p) => asString(field(p.raw, 'id')) ?? []), ...named])];
}

/** Role ids defined in roles.yml and the roles held by someone in roster.yml; undefined when unusable. */
export class RoleRefs {
  readonly known?: string[];
  readonly staffed?: Set<string>;

  // An empty list means the file itself is broken (and reported); checking against it would
  // flag every single reference.
  constructor(roles: Source | undefined, roster: Source | undefined) {
    const known = asList(field(roles?.raw, 'roles')).flatMap((r) => asString(field(r, 'id')) ?? []);
    if (known.length > 0) this.known = [...new Set(known)];
    // `roles: crisis_lead` (no list) is already reported; counting it avoids a cascade of "no one has role".
    const rolesOf = (person: unknown) => {
      const roles = field(person, 'roles');
      return typeof roles === 'string' ? [roles] : asList(roles).flatMap((r) => asString(r) ?? []);
    };
    const staffed = asList(field(roster?.raw, 'people')).flatMap(rolesOf);
    if (staffed.length > 0) this.staffed = new Set(staffed);
  }

  /** Reports an unknown role; returns true if the role exists. */
  check(src: Source, p: Path, value: unknown, out: Problems): boolean {
    const id = asString(value);
    if (id === undefined || !this.known) return false;
    if (this.known.includes(id)) return true;
    const guess = closest(id, this.known);
    out.addOnce({
      file: src.file,
      line: src.lineOf(p),
      field: dotted(p),
      message: `unknown role '${id}'; ${guess ? `did you mean '${guess}'? ` : ''}use one of: ${this.known.join(', ')} (or add it to roles.yml)`,
    });
    return false;
  }

  checkStaffed(src: Source, p: Path, id: string, out: Problems): void {
    if (this.staffed && !this.staffed.has(id)) {
      out.addOnce({
        file: src.file,
        line: src.lineOf(p),
        field: dotted(p),
        message: `no one in roster.yml has role '${id}'; add a person with that role`,
      });
    }
  }
}

export const ID_LABELS: Record<string, string> = { shell: 'shell handle', slack: 'Slack id', discord: 'Discord id', email: 'email address' };

export function checkDuplicates(src: Source, listKey: string, idKeys: readonly string[], out: Problems, what: string): void {
  for (const idKey of idKeys) {
    const firstAt = new Map<string, number>();
    asList(field(src.raw, listKey)).forEach((item, i) => {
      const value = asString(field(item, idKey));
      if (value === undefined) return;
      const first = firstAt.get(value);
      if (first === undefined) {
        firstAt.set(value, i);
        return;
      }
      const label = idKey === 'id' ? what : (ID_LABELS[idKey] ?? idKey);
      out.addOnce({
        file: src.file,
        line: src.lineOf([listKey, i, idKey]),
        field: dotted([listKey, i, idKey]),
        message: `duplicate ${label} '${value}' (also at line ${src.lineOf([listKey, first, idKey])}); give each entry its own ${label}`,
      });
    });
  }
}

export function checkLevels(src: Source, out: Problems): void {
  const rawLevels = field(src.raw, 'levels');
  if (!Array.isArray(rawLevels)) return;

  const indexOf = new Map<number, number>();
  rawLevels.forEach((entry, i) => {
    const n = field(entry, 'level');
    if (typeof n !== 'number' || !(LEVEL_NUMBERS as readonly number[]).includes(n)) return;
    const first = indexOf.get(n);
    if (first === undefined) indexOf.set(n, i);
    else
      out.addOnce({
        file: src.file,
        line: src.lineOf(['levels', i, 'level']),
        field: `levels.${i}.level`,
        message: `level ${n} is defined twice (also at line ${src.lineOf(['levels', first, 'level'])}); keep one entry per level`,
      });
  });
  for (const n of LEVEL_NUMBERS) {
    if (!indexOf.has(n)) {
      out.add({ file: src.file, line: src.lineOf(['levels']), field: 'levels', message: `level ${n} is missing; add an entry with level: ${n}` });
    }
  }

  // Ordering checks only make sense between entries that are valid on their own.
  const valid: { level: Level; index: number }[] = [];
  for (const [n, index] of [...indexOf].sort((a, b) => a[0] - b[0])) {
    const parsed = LevelSchema.safeParse(rawLevels[index]);
    if (parsed.success && parsed.data.level === n) valid.push({ level: parsed.data, index });
  }

  const rank = (key: (typeof CRITERIA_KEYS)[number], v: unknown): number =>
    key === 'media_attention' ? MEDIA_SCALE.indexOf(v as never) : key === 'operations_disrupted' ? OPS_SCALE.indexOf(v as never) : (v as number);
  for (const key of CRITERIA_KEYS) {
    const withKey = valid.filter((v) => v.level.criteria[key] !== undefined);
    for (let i = 0; i + 1 < withKey.length; i++) {
      const [severe, milder] = [withKey[i]!, withKey[i + 1]!];
      const [a, b] = [severe.level.criteria[key], milder.level.criteria[key]];
      if (rank(key, a) < rank(key, b)) {
        out.addOnce({
          file: src.file,
          line: src.lineOf(['levels', severe.index, 'criteria', key]),
          field: `levels.${severe.index}.criteria.${key}`,
          message: `level ${severe.level.level} ${key} (${String(a)}) is below level ${milder.level.level}'s (${String(b)}); a more severe level needs an equal or higher threshold, so raise this value or lower level ${milder.level.level}'s`,
        });
      }
    }
  }

  for (const key of ['acknowledge', 'first_statement', 'update_every'] as const) {
    for (let i = 0; i + 1 < valid.length; i++) {
      const [severe, milder] = [valid[i]!, valid[i + 1]!];
      const [a, b] = [severe.level.response[key], milder.level.response[key]];
      if (a > b) {
        out.addOnce({
          file: src.file,
          line: src.lineOf(['levels', severe.index, 'response', key]),
          field: `levels.${severe.index}.response.${key}`,
          message: `level ${severe.level.level} ${key} (${formatDuration(a)}) is longer than level ${milder.level.level}'s (${formatDuration(b)}); a more severe level needs an equal or shorter time, so shorten this value or lengthen level ${milder.level.level}'s`,
        });
      }
    }
  }
}

/** Rungs fire in the order listed, each later than the one before; a role rung names a staffed role. */
export function checkEscalation(src: Source, refs: RoleRefs, out: Problems): void {
  asList(field(src.raw, 'level_change_roles')).forEach((role, i) => refs.check(src, ['level_change_roles', i], role, out));
  asList(field(field(src.raw, 'access'), 'always')).forEach((role, i) => refs.check(src, ['access', 'always', i], role, out));
  asList(field(src.raw, 'levels')).forEach((level, i) => {
    let previous: { after: number; line: number } | undefined;
    asList(field(level, 'escalation')).forEach((rung, j) => {
      const p = ['levels', i, 'escalation', j];
      const notify = field(rung, 'notify');
      if (notify !== NOTIFY_OWNERS && notify !== NOTIFY_LEAD && refs.check(src, [...p, 'notify'], notify, out)) {
        refs.checkStaffed(src, [...p, 'notify'], notify as string, out);
      }
      const after = OffsetSchema.safeParse(field(rung, 'after'));
      if (!after.success) return;
      if (previous && after.data <= previous.after) {
        out.addOnce({
          file: src.file,
          line: src.lineOf([...p, 'after']),
          field: dotted([...p, 'after']),
          message: `rung ${j + 1} fires after ${formatDuration(after.data)}, not later than rung ${j} (${formatDuration(previous.after)}, line ${previous.line}); list the rungs in the order they fire, each with a longer 'after'`,
        });
      }
      previous = { after: after.data, line: src.lineOf([...p, 'after']) };
    });
  });
}

export function checkRoster(src: Source, refs: RoleRefs, out: Problems): void {
  checkDuplicates(src, 'people', ['id', 'shell', 'slack', 'discord', 'email'], out, 'person id');
  asList(field(src.raw, 'people')).forEach((person, i) => {
    asList(field(person, 'roles')).forEach((role, j) => refs.check(src, ['people', i, 'roles', j], role, out));
  });
}

export function checkResources(src: Source, refs: RoleRefs, out: Problems): void {
  checkDuplicates(src, 'resources', ['id'], out, 'resource id');
  asList(field(src.raw, 'resources')).forEach((resource, i) => {
    const p = ['resources', i, 'contact_role'];
    const role = field(resource, 'contact_role');
    if (refs.check(src, p, role, out)) refs.checkStaffed(src, p, role as string, out);
  });
}

export function checkPlan(src: Source, refs: RoleRefs, out: Problems): void {
  const expected = path.posix.basename(src.file, '.yml');
  const id = asString(field(src.raw, 'id'));
  if (id !== undefined && id !== expected) {
    out.addOnce({
      file: src.file,
      line: src.lineOf(['id']),
      field: 'id',
      message: `plan id '${id}' does not match the file name; set id: ${expected} or rename the file to plans/${id}.yml`,
    });
  }
  asList(field(src.raw, 'roles')).forEach((role, i) => refs.check(src, ['roles', i], role, out));
  asList(field(src.raw, 'site_editors')).forEach((role, i) => refs.check(src, ['site_editors', i], role, out));
  const owner = field(src.raw, 'owner');
  if (owner !== undefined && refs.check(src, ['owner'], owner, out)) refs.checkStaffed(src, ['owner'], owner as string, out);

  checkDuplicates(src, 'steps', ['id'], out, 'step id');
  const reportedUnstaffed = new Set<string>();
  asList(field(src.raw, 'steps')).forEach((step, i) => {
    const ownerPath = ['steps', i, 'owner'];
    const owner = field(step, 'owner');
    // One report per role and plan: the fix (staff the role) is the same for every step it owns.
    if (refs.check(src, ownerPath, owner, out) && !reportedUnstaffed.has(owner as string)) {
      reportedUnstaffed.add(owner as string);
      refs.checkStaffed(src, ownerPath, owner as string, out);
    }
    checkDueOrder(src, i, field(step, 'due'), out);
  });
}

export function checkDueOrder(src: Source, stepIndex: number, rawDue: unknown, out: Problems): void {
  const due = DueSchema.safeParse(rawDue);
  if (!due.success) return;
  for (const n of [1, 2, 3] as const) {
    const [a, b] = [due.data[`${n}`], due.data[`${n + 1}` as '2' | '3' | '4']];
    if (a > b) {
      const p = ['steps', stepIndex, 'due', `${n}`];
      out.addOnce({
        file: src.file,
        line: src.lineOf(p),
        field: dotted(p),
        message: `level ${n} is due later (${formatDuration(a)}) than level ${n + 1} (${formatDuration(b)}); more severe levels need equal or earlier deadlines, so shorten this one or lengthen level ${n + 1}'s`,
      });
    }
  }
}
